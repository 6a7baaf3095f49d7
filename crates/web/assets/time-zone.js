// Tells the server the reader's time zone (the `sd_tz` cookie), so storefront and account
// pages show times in it from the next page on; until then they show UTC and say so.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone || !/^[A-Za-z0-9_+\-\/]+$/.test(zone)) {
    return;
  }
  var current = document.cookie.split('; ').filter(function (c) {
    return c.indexOf('sd_tz=') === 0;
  })[0];
  if (current !== 'sd_tz=' + zone) {
    var secure = location.protocol === 'https:' ? '; Secure' : '';
    document.cookie = 'sd_tz=' + zone + '; Path=/; Max-Age=31536000; SameSite=Lax' + secure;
  }
})();
