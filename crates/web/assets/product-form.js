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

  // Rows not saved yet can be taken out: their fields are emptied (the server skips blank
  // rows) and the row is hidden.
  document.querySelectorAll('.sku-row-remove').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var row = b.closest('tr');
      row.querySelectorAll('input, select').forEach(function (el) {
        if (el.type === 'checkbox') { el.checked = false; } else { el.value = ''; }
      });
      row.hidden = true;
    });
  });

  // Before submitting for review: the required attributes and the descriptions, said beside
  // each field (the server checks the same and has the last word).
  function say(field, control, message) {
    var id = control.id + '-error';
    var p = document.getElementById(id);
    if (!p) {
      p = document.createElement('p');
      p.className = 'field-error';
      p.id = id;
      control.insertAdjacentElement('afterend', p);
    }
    p.textContent = message;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', id);
  }
  var form = document.querySelector('form.product-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      if (!e.submitter || e.submitter.value !== 'submit') { return; }
      var first = null;
      form.querySelectorAll('[data-required]').forEach(function (field) {
        if (field.hidden) { return; }
        var control = field.querySelector('select, input');
        if (control && control.value.trim() === '') {
          say(field, control, field.getAttribute('data-required'));
          first = first || control;
        }
      });
      var brand = document.getElementById('f-brand');
      if (brand && form.hasAttribute('data-brand-required') && brand.value.trim() === '') {
        say(brand.parentNode, brand, form.getAttribute('data-brand-required'));
        first = first || brand;
      }
      form.querySelectorAll('[data-required-description]').forEach(function (field) {
        var set = field.closest('fieldset');
        var title = set && set.querySelector('input[name$=".title"]');
        var text = field.querySelector('textarea');
        if (title && title.value.trim() !== '' && text && text.value.trim() === '') {
          say(field, text, field.getAttribute('data-required-description'));
          first = first || text;
        }
      });
      if (first) {
        e.preventDefault();
        first.focus();
      }
    });
  }
})();
