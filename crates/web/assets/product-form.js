// The product form: filters the category list as the seller types, and shows the SKU fields of
// the chosen sales attributes. The form works without it.
(function () {
  var f = document.getElementById('category-filter');
  var sel = document.getElementById('f-category_id');
  if (f && sel) {
    f.hidden = false;
    f.addEventListener('input', function () {
      var q = f.value.toLowerCase();
      sel.querySelectorAll('option').forEach(function (o) {
        var g = o.parentNode.label || '';
        o.hidden = q !== '' && o.value !== '' && (o.textContent + ' ' + g).toLowerCase().indexOf(q) < 0;
      });
    });
  }
  function sync() {
    document.querySelectorAll('input[name="sales_attributes"]').forEach(function (c) {
      document.querySelectorAll('[data-sales="' + c.value + '"]').forEach(function (el) {
        el.hidden = !c.checked;
      });
      document.querySelectorAll('[data-sales-fixed="' + c.value + '"]').forEach(function (el) {
        el.hidden = c.checked;
      });
    });
  }
  document.querySelectorAll('input[name="sales_attributes"]').forEach(function (c) {
    c.addEventListener('change', sync);
  });
  sync();
})();
