// Turns `time.local` elements into the reader's own time, in the page's language.
(function () {
  var lang = document.documentElement.lang;
  document.querySelectorAll('time.local').forEach(function (t) {
    var d = new Date(t.getAttribute('datetime'));
    if (!isNaN(d)) {
      t.textContent = d.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    }
  });
})();
