/*
 * community-board LED player.
 *
 * Plays the frames of playlist.json full-screen at the screen's exact pixel size. Written in
 * plain ES5 with XMLHttpRequest because LED controller cards and display boxes run old
 * Android WebViews; no external requests, so it works from any static host or share.
 *
 * Rules it enforces (see issue 5 and DOMAIN.md "LED screens"):
 * - a frame plays only inside its item's window (start/end, absolute instants with offsets),
 *   on its weekdays and inside its daily hours (evaluated as wall-clock time in the site's time
 *   zone, so a box whose own TZ is wrong still switches on time);
 * - an urgent frame preempts the rotation as soon as it is known (next poll), then holds at
 *   most the playlist's `rotation.urgent_share` of the time, interleaved with the normal items
 *   so every live item still plays once per loop (`nextFrame`, the same rule as
 *   display/rotation.py); several urgent frames rotate among themselves;
 * - a frame is shown only once its bytes match the playlist's sha256 and the image decoded,
 *   so a half-uploaded or broken frame is skipped, never shown;
 * - when a poll fails, the last good playlist and the decoded frames keep playing;
 * - the fallback frame fills time when nothing is scheduled; when the day has no fallback frame
 *   of its own (an old playlist offline) a slide is drawn here with the device's own date,
 *   never an old frame with a stale date;
 * - after the playlist's valid_until nothing of it plays: a drawn 「内容待更新」 slide with the
 *   device's date shows instead, and polling goes on until a newer playlist arrives;
 * - the list of failed frames is bounded (one entry per frame, at most MAX_FAILED).
 *
 * Test hooks (query string): now=<ISO instant> starts a virtual clock there, speed=<n> runs it
 * n times faster (durations shrink with it), poll=<seconds> overrides the poll interval,
 * scale=<n> magnifies a small screen by an integer factor for previews, debug=1 shows state.
 * fit=1 (or "fit": true in the playlist) fits the slide to the box's screen: whole-number
 * magnification for LED sizes, letterboxing for TVs (a 1920×1080 slide on a 1366×768 TV).
 * window.boardPlayer exposes the state for tests and for a technician's console.
 */
(function () {
  "use strict";

  var CONFIG = JSON.parse(document.getElementById("board-config").textContent);
  var params = parseQuery(location.search);
  var stage = document.getElementById("stage");
  var debugBox = document.getElementById("debug");

  // ---- clock -------------------------------------------------------------------------------
  var speed = positive(params.speed, 1);
  var realStart = Date.now();
  var virtualStart = params.now ? Date.parse(params.now) : realStart;
  if (isNaN(virtualStart)) { virtualStart = realStart; }
  function now() { return virtualStart + (Date.now() - realStart) * speed; }

  var pollSeconds = positive(params.poll, 0) || positive(CONFIG.poll, 60);
  var MAX_FAILED = 50;      // failed-frame records kept (one per frame; oldest dropped first)

  // ---- state -------------------------------------------------------------------------------
  var playlist = null;      // last good, normalised playlist
  var cache = {};           // sha256 -> {state: "loading"|"ok"|"failed", img, url}
  var current = null;       // {frame, pos, until, urgent, fallback}
  var state = window.boardPlayer = {
    shown: [],              // every frame shown: {sha256, item, image, at (virtual ms)}
    polls: 0, pollErrors: 0, loaded: 0, failed: [],
    current: null, version: null, playlist: null, started: false,
    now: now
  };

  // ---- small helpers -----------------------------------------------------------------------
  function parseQuery(search) {
    var out = {};
    search.replace(/^\?/, "").split("&").forEach(function (part) {
      if (!part) { return; }
      var kv = part.split("=");
      out[decodeURIComponent(kv[0])] = decodeURIComponent((kv[1] || "").replace(/\+/g, " "));
    });
    return out;
  }

  function positive(value, dflt) {
    var n = parseFloat(value);
    return n > 0 ? n : dflt;
  }

  function get(url, type, done) {
    var xhr = new XMLHttpRequest();
    var sep = url.indexOf("?") < 0 ? "?" : "&";
    // Playlists and pointers change in place: defeat caches. Frames are content-addressed.
    xhr.open("GET", type === "json" ? url + sep + "_=" + Date.now() : url, true);
    if (type === "arraybuffer") { xhr.responseType = "arraybuffer"; }
    xhr.timeout = 30000;
    xhr.onload = function () {
      if (xhr.status >= 200 && xhr.status < 300 || (xhr.status === 0 && xhr.response)) {
        if (type !== "json") { done(null, xhr.response); return; }
        var data;
        try { data = JSON.parse(xhr.responseText); } catch (e) { done(e); return; }
        done(null, data);
      } else {
        done(new Error("HTTP " + xhr.status + " " + url));
      }
    };
    xhr.onerror = function () { done(new Error("network error " + url)); };
    xhr.ontimeout = function () { done(new Error("timeout " + url)); };
    try { xhr.send(); } catch (e) { done(e); }
  }

  function dirOf(url) { return url.slice(0, url.lastIndexOf("/") + 1); }

  function resolve(base, rel) {
    if (/^([a-z]+:|\/)/i.test(rel)) { return rel; }
    return base + rel;
  }

  // ---- time rules --------------------------------------------------------------------------
  var WEEKDAYS = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6,
                   "一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6 };

  var wallFormat = null;
  function wallClock(ms) {
    // Wall-clock weekday (Monday = 0) and minutes since midnight in the site's time zone.
    if (playlist && playlist.timezone && wallFormat === null) {
      try {
        wallFormat = new Intl.DateTimeFormat("en-US", {
          timeZone: playlist.timezone, hour12: false, weekday: "short",
          hour: "2-digit", minute: "2-digit"
        });
        if (!wallFormat.formatToParts) { wallFormat = false; }
      } catch (e) { wallFormat = false; }
    }
    if (wallFormat) {
      var parts = {};
      wallFormat.formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
      var hour = parseInt(parts.hour, 10) % 24;
      return { day: WEEKDAYS[parts.weekday.toLowerCase().slice(0, 3)],
               minutes: hour * 60 + parseInt(parts.minute, 10) };
    }
    if (playlist && playlist.offset !== null) {  // fixed offset taken from the playlist's instants
      var d = new Date(ms + playlist.offset * 60000);
      return { day: (d.getUTCDay() + 6) % 7, minutes: d.getUTCHours() * 60 + d.getUTCMinutes() };
    }
    var local = new Date(ms);
    return { day: (local.getDay() + 6) % 7, minutes: local.getHours() * 60 + local.getMinutes() };
  }

  function clockMinutes(text) {
    var m = /^(\d{1,2}):(\d{2})/.exec(String(text).replace(/^\s+/, ""));
    return m ? parseInt(m[1], 10) * 60 + parseInt(m[2], 10) : null;
  }

  function parseHours(list) {
    // "07:00-22:00" | ["07:00","22:00"] | {start, end}; start > end crosses midnight.
    if (!list) { return []; }
    if (!(list instanceof Array)) { list = [list]; }
    var out = [];
    list.forEach(function (h) {
      var a, b;
      if (typeof h === "string") {
        var parts = h.split(/\s*[-–—~至到]\s*/);
        a = parts[0]; b = parts[1];
      } else if (h instanceof Array) { a = h[0]; b = h[1]; } else if (h) { a = h.start; b = h.end; }
      a = clockMinutes(a); b = clockMinutes(b);
      if (a !== null && b !== null) { out.push([a, b]); }
    });
    return out;
  }

  function parseDays(list) {
    if (!list || !list.length) { return null; }
    var out = {};
    list.forEach(function (d) {
      // ISO weekday numbers as the playlist writes them: Monday = 1 … Sunday = 7.
      if (typeof d === "number") { out[(d + 6) % 7] = true; return; }
      var key = String(d).toLowerCase().replace(/^(周|星期)/, "").slice(0, 3);
      if (WEEKDAYS[key] !== undefined) { out[WEEKDAYS[key]] = true; }
    });
    return out;
  }

  function inHours(windows, minutes) {
    if (!windows.length) { return true; }
    for (var i = 0; i < windows.length; i++) {
      var a = windows[i][0], b = windows[i][1];
      if (a <= b ? (minutes >= a && minutes < b) : (minutes >= a || minutes < b)) { return true; }
    }
    return false;
  }

  function isUrgent(frame) {
    var p = frame.priority;
    return frame.urgent === true || p === "urgent" || (typeof p === "number" && p >= 100);
  }

  function instant(text) {
    if (!text) { return null; }
    var t = Date.parse(text);
    return isNaN(t) ? null : t;
  }

  function offsetOf(text) {
    var m = /([+-])(\d{2}):?(\d{2})$/.exec(text || "");
    if (m) { return (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10)); }
    return /Z$/.test(text || "") ? 0 : null;
  }

  function scheduled(frame, t, wall) {
    if (frame.startMs !== null && t < frame.startMs) { return false; }
    if (frame.endMs !== null && t >= frame.endMs) { return false; }
    if (frame.dayset && !frame.dayset[wall.day]) { return false; }
    return inHours(frame.windows, wall.minutes);
  }

  // ---- playlist ----------------------------------------------------------------------------
  function normalise(data, base) {
    var frames = data instanceof Array ? data : (data.frames || data.slides || []);
    var out = { frames: [], fallbacks: [], timezone: data.timezone || data.tz || null,
                share: urgentShare(data.rotation),
                offset: null, poll: data.poll, hours: data.hours || null,
                version: data.version || data.generated || null,
                validUntilMs: instant(data.valid_until), community: data.community || null,
                fit: data.fit === true || !!(data.options && data.options.fit === true) };
    function prepare(f, index) {
      if (!f || !f.image || !f.sha256) { return null; }
      var copy = {};
      for (var k in f) { if (Object.prototype.hasOwnProperty.call(f, k)) { copy[k] = f[k]; } }
      copy.url = resolve(base, f.image);
      copy.sha256 = String(f.sha256).toLowerCase();
      copy.pos = index;
      copy.startMs = instant(f.start);
      copy.endMs = instant(f.end);
      copy.dayset = parseDays(f.days || f.weekdays);
      copy.windows = parseHours(f.hours);
      copy.seconds = positive(f.duration, positive(CONFIG.duration, 10));
      copy.isUrgent = isUrgent(f);
      if (out.offset === null) { out.offset = offsetOf(f.start) !== null ? offsetOf(f.start) : offsetOf(f.end); }
      return copy;
    }
    // Fallback frames (one per day, with that day as their window) fill empty time.
    frames.forEach(function (f) {
      var p = prepare(f, out.frames.length + out.fallbacks.length);
      if (!p) { return; }
      if (p.priority === "fallback" || p.fallback === true) { out.fallbacks.push(p); }
      else { out.frames.push(p); }
    });
    if (data.fallback) {
      var fb = prepare(data.fallback, out.frames.length + out.fallbacks.length);
      if (fb) { out.fallbacks.push(fb); }
    }
    if (out.offset === null) { out.offset = offsetOf(data.generated || data.built || ""); }
    return out;
  }

  function poll() {
    state.polls++;
    var pointer = CONFIG.pointer;  // pushed bundles: read the current version first
    if (pointer) {
      get(pointer, "json", function (err, ptr) {
        if (err || !ptr || !ptr.current) { pollFailed(err || new Error("bad pointer")); return; }
        if (ptr.player && ptr.player !== CONFIG.player && reloadOnce(ptr.player)) { return; }
        fetchPlaylist(dirOf(pointer) + (ptr.base || "versions/") + ptr.current + "/playlist.json");
      });
    } else {
      fetchPlaylist(CONFIG.playlist || "playlist.json");
    }
  }

  function reloadOnce(version) {
    // A push brought a newer player: load it, once per version (a cached old page must not
    // make the box reload on every poll).
    var key = "board-player-reload";
    try {
      if (window.sessionStorage.getItem(key) === version) { return false; }
      window.sessionStorage.setItem(key, version);
    } catch (e) { return false; }
    location.reload();
    return true;
  }

  function fetchPlaylist(url) {
    get(url, "json", function (err, data) {
      if (err) { pollFailed(err); return; }
      var next;
      try { next = normalise(data, dirOf(url)); } catch (e) { pollFailed(e); return; }
      if (!next.frames.length && !next.fallbacks.length) { pollFailed(new Error("empty playlist")); return; }
      if (next.timezone !== (playlist && playlist.timezone)) { wallFormat = null; }
      if (current && current.frame && !current.fallback) {
        // Keep the frame on screen for its full duration if the new playlist still has it.
        for (var i = 0; i < next.frames.length; i++) {
          if (next.frames[i].sha256 === current.frame.sha256 &&
              next.frames[i].item === current.frame.item) { current.frame = next.frames[i]; break; }
        }
      }
      playlist = next;
      if (firstPlaylistAt === null) { firstPlaylistAt = Date.now(); }
      state.playlist = url;
      state.version = next.version;
      if (positive(next.poll, 0) && !positive(params.poll, 0)) { pollSeconds = positive(next.poll, 60); }
      preload(next);
      layout();  // the playlist may ask for fit-to-screen
      tick();
      schedulePoll();
    });
  }

  function pollFailed(err) {
    state.pollErrors++;
    state.lastError = String(err && err.message || err);
    schedulePoll();  // keep the last good playlist; try again later
  }

  var pollTimer = null;
  function schedulePoll() {
    if (pollTimer) { clearTimeout(pollTimer); }
    pollTimer = setTimeout(poll, pollSeconds * 1000);
  }

  // ---- frames ------------------------------------------------------------------------------
  function preload(list) {
    var wanted = {};
    list.frames.concat(list.fallbacks).forEach(function (f) {
      wanted[f.sha256] = true;
      var entry = cache[f.sha256];
      if (!entry || entry.state === "failed") { load(f); }  // failed frames are retried each poll
    });
    for (var sha in cache) {  // forget frames no playlist mentions any more
      if (Object.prototype.hasOwnProperty.call(cache, sha) && !wanted[sha] &&
          !(current && current.frame && current.frame.sha256 === sha) &&
          cache[sha].state !== "loading") {
        if (cache[sha].url && window.URL && URL.revokeObjectURL) { URL.revokeObjectURL(cache[sha].url); }
        delete cache[sha];
      }
    }
    forgetFailures(wanted);
  }

  // ---- failed frames (bounded) -------------------------------------------------------------
  function recordFailure(frame, why) {
    // One record per frame, updated on each retry, so polling an unreachable frame every
    // minute for months does not grow the list; frames are retried on every poll anyway.
    for (var i = 0; i < state.failed.length; i++) {
      if (state.failed[i].sha256 === frame.sha256) {
        state.failed[i].why = why;
        state.failed[i].count++;
        state.failed[i].at = Date.now();
        return;
      }
    }
    state.failed.push({ image: frame.image, sha256: frame.sha256, why: why, count: 1, at: Date.now() });
    if (state.failed.length > MAX_FAILED) { state.failed.splice(0, state.failed.length - MAX_FAILED); }
  }

  function forgetFailures(wanted) {
    // Frames the playlist no longer names are no longer a problem of this screen.
    state.failed = state.failed.filter(function (f) { return wanted[f.sha256]; });
  }

  function load(frame) {
    var entry = cache[frame.sha256] = { state: "loading", img: null, url: null };
    function fail(why) {
      entry.state = "failed";
      recordFailure(frame, why);
    }
    get(frame.url, "arraybuffer", function (err, buffer) {
      if (err || !buffer) { fail(String(err && err.message || "empty")); return; }
      sha256Hex(buffer, function (hex) {
        if (hex !== frame.sha256) { fail("sha256 mismatch"); return; }
        var url;
        try { url = URL.createObjectURL(new Blob([buffer], { type: "image/png" })); }
        catch (e) { url = frame.url; }
        var img = new Image();
        img.onload = function () {
          if (!img.naturalWidth) { fail("empty image"); return; }
          entry.state = "ok"; entry.img = img; entry.url = url;
          state.loaded++;
          tick();
        };
        img.onerror = function () { fail("decode error"); };
        img.alt = "";
        img.width = CONFIG.width;
        img.height = CONFIG.height;
        img.src = url;
      });
    });
  }

  function ready(frame) {
    var e = cache[frame.sha256];
    return !!(e && e.state === "ok");
  }

  // ---- playback ----------------------------------------------------------------------------
  function screenOn(wall) {
    return inHours(parseHours(playlist.hours || CONFIG.hours), wall.minutes);
  }

  function candidates(t) {
    if (!playlist) { return { list: [], fallback: null, urgent: false, on: true }; }
    var wall = wallClock(t);
    if (!screenOn(wall)) { return { list: [], fallback: null, urgent: false, on: false }; }
    var normal = [], urgent = [];
    playlist.frames.forEach(function (f) {
      if (ready(f) && scheduled(f, t, wall)) { (f.isUrgent ? urgent : normal).push(f); }
    });
    var fallback = null;
    for (var i = 0; i < playlist.fallbacks.length && !fallback; i++) {
      var fb = playlist.fallbacks[i];
      if (ready(fb) && scheduled(fb, t, wall)) { fallback = fb; }
    }
    return { list: urgent.concat(normal), urgentList: urgent, normalList: normal,
             fallback: fallback, urgent: urgent.length > 0, on: true };
  }

  function same(a, b) {
    return a && b && a.sha256 === b.sha256 && a.pos === b.pos && a.item === b.item;
  }

  function contains(list, frame) {
    for (var i = 0; i < list.length; i++) { if (same(list[i], frame)) { return true; } }
    return false;
  }

  var firstPlaylistAt = null;
  function settled() {
    // Start in play order: wait until every frame has loaded or failed (at most 10 s), so
    // the rotation does not begin with whichever frame happened to arrive first.
    if (!playlist) { return false; }
    if (state.started) { return true; }
    var all = playlist.frames.concat(playlist.fallbacks);
    for (var i = 0; i < all.length; i++) {
      var e = cache[all[i].sha256];
      if (e && e.state === "loading" && Date.now() - firstPlaylistAt < 10000) { return false; }
    }
    state.started = true;
    return true;
  }

  function tick() {
    if (!settled()) { return; }
    var t = now();
    if (expired(t)) { showNotice(t, true); return; }
    var c = candidates(t);
    if (!c.on) { show(null, t, 0); return; }
    var arrived = false;
    if (current && current.frame) {
      // Re-anchor the current frame in a freshly polled playlist.
      var stillThere = current.fallback ? !c.list.length && same(c.fallback, current.frame)
                                        : contains(c.list, current.frame);
      arrived = urgentArrived(c, current.frame);
      if (stillThere && t < current.until && !arrived) { return; }
    }
    if (c.list.length) {
      var next = nextFrame(c, current && !current.fallback && !arrived ? current.frame : null);
      show(next, t, next.seconds);
    } else if (c.fallback) {
      show(c.fallback, t, c.fallback.seconds, true);
    } else if (playlist.fallbacks.length) {
      showNotice(t, false);  // the day's own fallback is missing: never an old day's date
    } else if (!current || current.frame || current.notice) {
      show(null, t, 0);  // nothing to show and no fallback: dark, never a broken image
    }
  }

  function show(frame, t, seconds, isFallback) {
    var same_ = current && current.frame && frame && current.frame.sha256 === frame.sha256;
    current = { frame: frame, until: t + seconds * 1000, fallback: !!isFallback };
    state.notice = null;
    state.current = frame ? { image: frame.image, sha256: frame.sha256, item: frame.item || null,
                              urgent: !!frame.isUrgent, fallback: !!isFallback } : null;
    if (frame) {
      state.shown.push({ image: frame.image, sha256: frame.sha256, item: frame.item || null,
                         at: t, fallback: !!isFallback });
      if (state.shown.length > 500) { state.shown.splice(0, 100); }
    }
    if (!same_) {
      while (stage.firstChild) { stage.removeChild(stage.firstChild); }
      if (frame) { stage.appendChild(cache[frame.sha256].img); }
    }
    if (debugBox) {
      debugBox.textContent = (frame ? frame.image : "(blank)") + " | polls " + state.polls +
        " errors " + state.pollErrors + " | " + new Date(t).toISOString();
    }
  }

  // ---- rotation: urgent items get a bounded share (display/rotation.py holds the same rule) --
  var rot = { balance: 0, lastUrgent: -1, lastNormal: -1, played: {}, hadUrgent: false };

  function urgentShare(spec) {
    var share = spec && parseFloat(spec.urgent_share);
    return share > 0 && share < 1 ? share : 0.5;
  }

  function urgentArrived(c, frame) {
    // A newly live urgent item cuts the current normal frame short; it does not wait its turn.
    var arrived = c.urgent && !rot.hadUrgent && !frame.isUrgent;
    rot.hadUrgent = c.urgent;
    return arrived;
  }

  function nextFrame(c, prev) {
    // The next page of the current item's block, else the next block by the share rule.
    rot.hadUrgent = c.urgent;
    var i, urgent = c.urgentList, normal = c.normalList;
    var list = prev ? (prev.isUrgent ? urgent : normal) : [];
    for (i = 0; i < list.length; i++) {
      if (list[i].pos > prev.pos) {
        if (list[i].item === prev.item && list[i].pos === prev.pos + 1) { return list[i]; }
        break;
      }
    }
    if (!urgent.length || !normal.length) { rot.balance = 0; }
    if (!urgent.length || (normal.length && rot.balance > 0)) {
      var next = null;
      for (i = 0; i < normal.length && !next; i++) { if (normal[i].pos > rot.lastNormal) { next = normal[i]; } }
      if (!next) {  // the normal rotation wraps; first every urgent item plays once
        for (i = 0; i < urgent.length; i++) {
          if (!rot.played[urgent[i].item]) { return nextUrgent(urgent, true); }
        }
        next = normal[0];
        rot.played = {};
      }
      rot.lastNormal = blockEnd(normal, next);
      rot.balance -= blockSeconds(normal, next) * playlist.share;
      return next;
    }
    return nextUrgent(urgent, false);
  }

  function nextUrgent(urgent, forced) {
    var order = [], i;
    for (i = 0; i < urgent.length; i++) { if (urgent[i].pos > rot.lastUrgent) { order.push(urgent[i]); } }
    for (i = 0; i < urgent.length; i++) { if (urgent[i].pos <= rot.lastUrgent) { order.push(urgent[i]); } }
    var next = order[0];
    for (i = 0; forced && i < order.length; i++) {
      if (!rot.played[order[i].item]) { next = order[i]; break; }
    }
    rot.lastUrgent = blockEnd(urgent, next);
    rot.played[next.item] = true;
    if (!forced) { rot.balance += blockSeconds(urgent, next) * (1 - playlist.share); }
    return next;
  }

  function blockRun(list, first) {
    // The frames of `first`'s block: consecutive playlist positions of the same item.
    var run = [], i = list.indexOf(first);
    while (i >= 0 && i < list.length && list[i].item === first.item &&
           list[i].pos === first.pos + run.length) { run.push(list[i]); i++; }
    return run;
  }

  function blockSeconds(list, first) {
    var total = 0;
    blockRun(list, first).forEach(function (f) { total += f.seconds; });
    return total;
  }

  function blockEnd(list, first) {
    var run = blockRun(list, first);
    return run[run.length - 1].pos;
  }

  // ---- layout ------------------------------------------------------------------------------
  function fitWanted() {
    if (params.fit !== undefined) { return params.fit === "1" || params.fit === "true"; }
    return !!(playlist && playlist.fit) || CONFIG.fit === true;
  }

  function layout() {
    // One image pixel = one device pixel, whatever the box's devicePixelRatio; an integer
    // `scale` magnifies for previews only. With fit on, fitBox() decides instead.
    var ratio = window.devicePixelRatio || 1;
    var box = fitWanted() ? fitBox(window.innerWidth * ratio, window.innerHeight * ratio)
                          : { scale: Math.max(1, Math.floor(positive(params.scale, 1))), x: 0, y: 0 };
    stage.style.left = (box.x / ratio) + "px";
    stage.style.top = (box.y / ratio) + "px";
    stage.style.width = (CONFIG.width * box.scale / ratio) + "px";
    stage.style.height = (CONFIG.height * box.scale / ratio) + "px";
    // Whole-number magnification keeps LED pixels square; a fractional one smooths text.
    stage.className = box.scale === Math.floor(box.scale) ? "" : "smooth";
    state.layout = box;
  }

  function fitBox(vw, vh) {
    // Device pixels available -> scale and offset that show the whole slide, centred.
    // LED panels (mono/dual, or a full-colour slide that fits whole times) scale by an
    // integer so each LED stays a square block; a TV whose size is not a multiple
    // (1920×1080 on 1366×768) is letterboxed at the largest scale that fits.
    var exact = Math.min(vw / CONFIG.width, vh / CONFIG.height);
    var whole = Math.floor(exact);
    var led = CONFIG.color === "mono" || CONFIG.color === "dual";
    var scale = whole >= 1 && (led || whole === exact) ? whole : exact;
    if (!(scale > 0)) { scale = 1; }
    return { scale: scale,
             x: Math.max(0, Math.floor((vw - CONFIG.width * scale) / 2)),
             y: Math.max(0, Math.floor((vh - CONFIG.height * scale) / 2)) };
  }

  // ---- drawn slides: the device's own date -------------------------------------------------
  var CN_WEEKDAYS = "一二三四五六日";
  var LED_COLOURS = { red: "#ff0000", green: "#00ff00", amber: "#ffb000", white: "#ffffff" };

  function expired(t) {
    return !!(playlist && playlist.validUntilMs !== null && t >= playlist.validUntilMs);
  }

  function wallDate(ms) {
    // Year, month, day in the site's time zone (the device's clock, not the playlist's days).
    var y, m, d;
    try {
      var fmt = new Intl.DateTimeFormat("en-US", { timeZone: playlist.timezone || undefined,
                                                   year: "numeric", month: "numeric", day: "numeric" });
      var parts = {};
      fmt.formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = p.value; });
      y = parseInt(parts.year, 10); m = parseInt(parts.month, 10); d = parseInt(parts.day, 10);
    } catch (e) { y = NaN; }
    if (isNaN(y)) {
      var shift = playlist && playlist.offset !== null ? playlist.offset : -new Date(ms).getTimezoneOffset();
      var local = new Date(ms + shift * 60000);
      y = local.getUTCFullYear(); m = local.getUTCMonth() + 1; d = local.getUTCDate();
    }
    return { year: y, month: m, day: d, weekday: wallClock(ms).day };
  }

  function noticeLines(t, stale) {
    var w = wallDate(t);
    var date = w.year + "年" + w.month + "月" + w.day + "日";
    var weekday = "星期" + CN_WEEKDAYS.charAt(w.weekday);
    var name = (playlist && playlist.community) || CONFIG.community || "";
    if (CONFIG.height < 100) {  // LED strips: few short lines
      return stale ? ["内容待更新", date, weekday] : [date, weekday];
    }
    var lines = stale ? ["内容待更新", date + " " + weekday] : [date + " " + weekday];
    return name ? [name].concat(lines) : lines;
  }

  function showNotice(t, stale) {
    // A slide drawn on a canvas at the panel's size; redrawn when its text changes (midnight).
    var lines = noticeLines(t, stale);
    var key = lines.join("|");
    if (current && current.notice === key) { return; }
    var canvas = document.createElement("canvas");
    canvas.width = CONFIG.width;
    canvas.height = CONFIG.height;
    drawLines(canvas, lines, stale);
    current = { frame: null, until: t, fallback: true, notice: key };
    state.current = { image: null, sha256: null, item: stale ? "stale" : "date", urgent: false,
                      fallback: true, text: lines.join(" ") };
    state.notice = { stale: stale, lines: lines, at: t };
    while (stage.firstChild) { stage.removeChild(stage.firstChild); }
    stage.appendChild(canvas);
  }

  function drawLines(canvas, lines, stale) {
    var ctx = canvas.getContext("2d");
    var W = canvas.width, H = canvas.height;
    var led = CONFIG.color === "mono" || CONFIG.color === "dual";
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, W, H);
    var margin = led ? 0 : Math.round(Math.min(W, H) * 0.06);
    var size = Math.floor((H - 2 * margin) / lines.length / 1.25);
    var family = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
    var widest = function () {
      var most = 0;
      for (var i = 0; i < lines.length; i++) { most = Math.max(most, ctx.measureText(lines[i]).width); }
      return most;
    };
    ctx.font = size + "px " + family;
    while (size > 8 && widest() > W - 2 * margin) { size--; ctx.font = size + "px " + family; }
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    var step = (H - 2 * margin) / lines.length;
    for (var i = 0; i < lines.length; i++) {
      ctx.fillStyle = led ? (LED_COLOURS[CONFIG.led_color] || "#ff0000")
                          : (stale && lines[i] === "内容待更新" ? "#ffb74d" : "#ffffff");
      ctx.fillText(lines[i], W / 2, margin + step * (i + 0.5));
    }
  }

  // ---- SHA-256 -----------------------------------------------------------------------------
  function sha256Hex(buffer, done) {
    var subtle = window.crypto && window.crypto.subtle;
    if (subtle && window.isSecureContext) {
      subtle.digest("SHA-256", buffer).then(function (d) { done(hex(new Uint8Array(d))); },
                                            function () { done(sha256Js(new Uint8Array(buffer))); });
      return;
    }
    done(sha256Js(new Uint8Array(buffer)));  // plain-HTTP LAN boxes have no crypto.subtle
  }

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return s;
  }

  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2];

  function sha256Js(bytes) {
    var n = bytes.length;
    var total = ((n + 9 + 63) >> 6) << 6;
    var msg = new Uint8Array(total);
    msg.set(bytes);
    msg[n] = 0x80;
    var bits = n * 8;
    var view = new DataView(msg.buffer);
    view.setUint32(total - 8, Math.floor(bits / 0x100000000));
    view.setUint32(total - 4, bits >>> 0);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
             0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var off = 0; off < total; off += 64) {
      for (var i = 0; i < 16; i++) { w[i] = view.getUint32(off + i * 4); }
      for (i = 16; i < 64; i++) {
        var x = w[i - 15], y = w[i - 2];
        var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
    }
    var out = new Uint8Array(32);
    var ov = new DataView(out.buffer);
    for (i = 0; i < 8; i++) { ov.setUint32(i * 4, h[i] >>> 0); }
    return hex(out);
  }
  state.sha256 = sha256Js;  // exposed so tests can check it against Python's hashlib

  // ---- start -------------------------------------------------------------------------------
  if (params.debug) { debugBox.style.display = "block"; }
  layout();
  window.addEventListener("resize", layout);
  poll();
  setInterval(tick, 100);
})();
