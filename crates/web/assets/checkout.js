// Re-quotes the checkout when another address is picked (the button works without it).
(function () {
  var b = document.getElementById('requote');
  if (!b) return;
  document.querySelectorAll('input[name=address_id]').forEach(function (r) {
    r.addEventListener('change', function () { b.click(); });
  });
})();
