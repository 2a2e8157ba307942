/* Contactbase tracking script, compatible with Mautic's loader:
 *   (function(w,d,t,u,n,a,m){w['MauticTrackingObject']=n;w[n]=w[n]||function(){(w[n].q=w[n].q||[]).push(arguments)},
 *   a=d.createElement(t),m=d.getElementsByTagName(t)[0];a.async=1;a.src=u;m.parentNode.insertBefore(a,m)
 *   })(window,document,'script','https://CONTACTBASE/mtc.js','mt'); mt('send', 'pageview');
 */
(function (window, document) {
  'use strict';
  var name = window.MauticTrackingObject || 'mt';
  var script = document.currentScript || (function () {
    var scripts = document.getElementsByTagName('script');
    for (var i = scripts.length - 1; i >= 0; i--) if (/\/mtc\.js(\?|$)/.test(scripts[i].src)) return scripts[i];
    return null;
  })();
  var base = script ? script.src.replace(/\/mtc\.js(\?.*)?$/, '') : '';
  if (location.protocol === 'https:') base = base.replace(/^http:/, 'https:');
  var store = (function () { try { return window.localStorage; } catch (e) { return null; } })();
  var counter = 0;
  var xhrBroken = false;

  function encode(params) {
    var parts = [];
    for (var key in params) {
      if (!Object.prototype.hasOwnProperty.call(params, key) || params[key] === undefined || params[key] === null) continue;
      parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(String(params[key])));
    }
    return parts.join('&');
  }

  function remember(answer) {
    if (!answer || !answer.id || !answer.device_id) return;
    if (store) {
      try {
        store.setItem('mtc_id', String(answer.id));
        store.setItem('mautic_device_id', answer.device_id);
      } catch (e) { /* storage full or blocked */ }
    }
    var secure = location.protocol === 'https:' ? '; secure' : '';
    document.cookie = 'mtc_id=' + answer.id + '; path=/' + secure;
    document.cookie = 'mautic_device_id=' + answer.device_id + '; path=/; max-age=31536000' + secure;
  }

  function forget() {
    if (store) { try { store.removeItem('mtc_id'); store.removeItem('mautic_device_id'); } catch (e) { /* ignore */ } }
    document.cookie = 'mtc_id=; path=/; max-age=0';
    document.cookie = 'mautic_device_id=; path=/; max-age=0';
  }

  function pixel(params, callbacks) {
    var image = new Image(1, 1);
    image.onload = function () { if (callbacks.onload) callbacks.onload({ success: 1 }); };
    image.onerror = function () { if (callbacks.onerror) callbacks.onerror(); };
    image.src = base + '/mtracking.gif?' + encode(params);
  }

  function post(path, params, callbacks) {
    if (xhrBroken || !window.XMLHttpRequest) return pixel(params, callbacks);
    var xhr = new XMLHttpRequest();
    xhr.open('POST', base + path, true);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 200 && answer) {
        remember(answer);
        if (callbacks.onload) callbacks.onload(answer);
      } else if (path === '/mtc/event') {
        if (xhr.status === 0) xhrBroken = true;
        pixel(params, callbacks);
      } else if (callbacks.onerror) {
        callbacks.onerror(answer);
      }
    };
    xhr.send(encode(params));
  }

  function pageview(fields, callbacks) {
    var params = {
      page_title: document.title,
      page_language: navigator.language,
      page_referrer: document.referrer,
      page_url: location.href,
      counter: counter++,
      timezone_offset: new Date().getTimezoneOffset(),
      resolution: screen.width + 'x' + screen.height
    };
    try { params.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { /* old browser */ }
    var device = store && store.getItem('mautic_device_id');
    if (device) params.mautic_device_id = device;
    for (var key in fields) if (Object.prototype.hasOwnProperty.call(fields, key)) params[key] = fields[key];
    post('/mtc/event', params, callbacks || {});
  }

  /** mt('consent', level): the visitor's cookie level (none, essential, visitor, all or a number). */
  function consent(level, callbacks) {
    post('/mtc/consent', { level: level }, {
      onload: function (answer) {
        if (answer && answer.tracked === false) forget();
        if (callbacks && callbacks.onload) callbacks.onload(answer);
      },
      onerror: callbacks && callbacks.onerror
    });
  }

  function run(args) {
    var command = args[0];
    if (command === 'send' && (args[1] === 'pageview' || args[1] === undefined)) pageview(args[2] || {}, args[3]);
    else if (command === 'consent' || command === 'setCookieLevel') consent(args[1], args[2]);
  }

  var queued = (window[name] && window[name].q) || [];
  window[name] = function () { run(arguments); };
  for (var i = 0; i < queued.length; i++) run(queued[i]);
})(window, document);
