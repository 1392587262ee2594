// eSahayak Webhooks dashboard: the live parts. Every page works without
// this file; it adds live updates over Server-Sent Events, in-place test
// events, copy buttons and confirmations. No dependencies.
(function () {
  "use strict";

  // A page that answers a form post names its own address: reloading it
  // then shows it again rather than posting the form a second time.
  var canonical = document.body.getAttribute("data-canonical");
  if (canonical && window.history && history.replaceState) {
    history.replaceState(null, "", canonical + location.hash);
  }

  // A page reached by the redirect after one of its forms names what was
  // done in its address (notice=, with a recovery's count n= and the
  // webhook just saved new=, which its row is highlighted for). The page
  // shows it; then the address loses them, keeping every other parameter
  // and the fragment: a reload, Back or a bookmark showed "Endpoint
  // disabled." again above a status that had moved on to Enabled. (Without
  // this script the address keeps them, and the notice shows once more on
  // a reload.) followsAction keeps, for the live stream's first connect,
  // that the page follows an action (see unsettled).
  var followsAction = /[?&]notice=/.test(location.search);
  if (window.history && history.replaceState) {
    var shownOnce = { notice: true, n: true, m: true, rest: true, "new": true };
    var kept = location.search.replace(/^\?/, "").split("&").filter(function (param) {
      var name = param.split("=")[0];
      try { name = decodeURIComponent(name.replace(/\+/g, " ")); } catch (err) { /* kept as written */ }
      return param !== "" && !Object.prototype.hasOwnProperty.call(shownOnce, name);
    });
    var search = kept.length ? "?" + kept.join("&") : "";
    if (search !== location.search) history.replaceState(null, "", location.pathname + search + location.hash);
  }

  // A form answered with an error: its section in view (not the top of
  // the page, with the message below the fold) and the focus on the first
  // field to correct, or on nothing new when the refusal is about the
  // form as a whole. (The field also carries autofocus, for a page
  // without this script.)
  var refused = document.querySelector('main [aria-invalid="true"], main fieldset[data-invalid] input, main [data-form-error]');
  if (refused) {
    var section = refused.closest("section[id], .card");
    (section || refused).scrollIntoView({ block: "start" });
    // A section taller than the screen (a long key table above its form)
    // would leave the field and its message below the fold: bring them up.
    var box = refused.getBoundingClientRect();
    if (box.bottom > window.innerHeight || box.top < 0) {
      var label = refused.id && document.querySelector('label[for="' + refused.id + '"]');
      (label || refused).scrollIntoView({ block: "center" });
    }
    if (refused.matches("input, select, textarea")) refused.focus({ preventScroll: true });
  }

  var indicator = document.querySelector("[data-live-indicator]");

  // setIndicator shows the live badge saying text. The badge is a status
  // region (a screen reader says its changes): its text is written only
  // when it changes, as each write would be said again (a reconnect that
  // keeps failing says "Reconnecting…" once).
  function setIndicator(text, offline) {
    if (!indicator) return;
    indicator.hidden = false;
    indicator.classList.toggle("offline", offline);
    if (indicator.textContent !== text) indicator.textContent = text;
  }

  function setLive(on) { setIndicator(on ? "Live" : "Reconnecting…", !on); }

  // Live changes are said to screen readers in the layout's status region
  // ([data-announce]): rows that appear or change status in place are
  // otherwise silent. One message a second at most: what comes meanwhile
  // is kept by subject (a delivery, a capture), the latest word on each,
  // and several are said as a count ("12 deliveries updated"), so that a
  // burst of a hundred deliveries is not a hundred announcements.
  var announcer = document.querySelector("[data-announce]");
  var toSay = {}, sayOrder = [], sayTimer = null;
  var counted = {
    delivery: function (n) { return n + " deliveries updated"; },
    capture: function (n) { return n + " new requests captured"; }
  };
  function announce(key, kind, text) {
    if (!announcer) return;
    if (!Object.prototype.hasOwnProperty.call(toSay, key)) sayOrder.push(key);
    toSay[key] = { kind: kind, text: text };
    if (!sayTimer) sayTimer = setTimeout(sayNow, 1000);
  }
  function sayNow() {
    sayTimer = null;
    var said = sayOrder.map(function (k) { return toSay[k]; });
    toSay = {};
    sayOrder = [];
    saidNew = {}; // it matters only while its delivery waits to be said
    if (!said.length) return;
    var kinds = {}, text;
    said.forEach(function (s) { kinds[s.kind] = (kinds[s.kind] || 0) + 1; });
    if (said.length === 1) text = said[0].text;
    else text = Object.keys(kinds).map(function (k) { return counted[k](kinds[k]); }).join("; ");
    // A new node each time: the same words twice in a row are said twice.
    var p = document.createElement("p");
    p.textContent = text;
    announcer.textContent = "";
    announcer.appendChild(p);
  }

  // The notice of a page reached by a form's redirect ("Endpoint
  // disabled. …", "Delivery queued to be sent again now.") is in the page
  // as it loads, and a status region is said when it changes, not when it
  // loads: a screen reader, whose reading starts at the page's top, said
  // nothing of what the button had done. It is said once, here, on its
  // own (not counted in with a live change that comes in the same second),
  // a moment after the load, once the region is known to the reader.
  var noticeShown = followsAction && document.querySelector("main .flash-ok");
  if (announcer && noticeShown && noticeShown.textContent.trim()) {
    var noticeText = noticeShown.textContent.trim();
    setTimeout(function () {
      var p = document.createElement("p");
      p.textContent = noticeText;
      announcer.textContent = "";
      announcer.appendChild(p);
    }, 500);
  }

  // A delivery's change in words: "New stamp.failed delivery to <its
  // endpoint>: pending", "stamp.failed delivery to <its endpoint> is now
  // retrying". saidStatus keeps the status said of each, so that a change
  // replayed after a catch-up is not said twice; a delivery new in the
  // same second as its change is said as new, with its latest status.
  // A page left open for days sees millions of deliveries: saidStatus
  // starts again past maxSaid of them (a change replayed just then may be
  // said twice), so that it never holds more than a page's worth.
  var saidStatus = {}, saidCount = 0, saidNew = {}, maxSaid = 2000;
  function sayDelivery(d, isNew) {
    if (saidStatus[d.id] === d.status) return;
    if (!Object.prototype.hasOwnProperty.call(saidStatus, d.id) && ++saidCount > maxSaid) {
      saidStatus = {};
      saidCount = 1;
    }
    saidStatus[d.id] = d.status;
    var key = "delivery " + d.id;
    isNew = isNew || (saidNew[key] && Object.prototype.hasOwnProperty.call(toSay, key));
    saidNew[key] = isNew;
    var row = fromHTML(d.html), cell = row && row.querySelector(".col-endpoint");
    var to = cell ? cell.textContent.replace(/\s+/g, " ").trim() : "";
    var what = d.event_type + " delivery" + (to ? " to " + to : "");
    announce(key, "delivery", isNew ? "New " + what + ": " + d.status : what + " is now " + d.status);
  }

  function unsettled() {
    return followsAction ||
      !!document.querySelector('[data-live-delivery][data-status="pending"], [data-live-delivery][data-status="retrying"], ' +
        'table[data-live-deliveries] tr[data-status="pending"], table[data-live-deliveries] tr[data-status="retrying"]');
  }

  // pageGone: reading this page again answered 404, so what it shows was
  // deleted (an endpoint deleted in another tab, through the API, or with
  // its inspector). The page says so once, at its top, from its
  // <template data-gone>, and its live updates stop: they could only keep
  // showing the thing as it was (an endpoint "enabled", its deliveries
  // "retrying"), with a badge saying Live.
  // An inspector's notice says why it went when its stream said so
  // (reason "deleted" or "expired"): of its [data-gone-reason] sentences
  // only that one is kept, else the one of "unknown", which names every
  // way an inspector goes (a restart among them).
  var stopLive = null, goneShown = false;
  function pageGone(reason) {
    var tpl = document.querySelector("template[data-gone]"), main = document.querySelector("main");
    if (goneShown || !tpl || !main) return;
    goneShown = true;
    if (stopLive) stopLive();
    var notice = document.importNode(tpl.content, true);
    var reasons = notice.querySelectorAll("[data-gone-reason]");
    if (!notice.querySelector('[data-gone-reason="' + reason + '"]')) reason = "unknown";
    Array.prototype.forEach.call(reasons, function (el) { if (el.dataset.goneReason !== reason) el.remove(); });
    main.insertBefore(notice, main.firstChild);
    setIndicator(tpl.dataset.goneBadge || "Deleted", true);
  }
  // signedOut says, at the page's top, that the session ended (it expired,
  // or was signed out in another tab) and what to do: the badge alone said
  // "Signed out" above a page that had stopped changing and still looked
  // current.
  var signedOutShown = false;
  function signedOut() {
    var main = document.querySelector("main");
    if (signedOutShown || !main) return;
    signedOutShown = true;
    var p = document.createElement("p"), a = document.createElement("a");
    p.className = "flash flash-warn";
    p.setAttribute("role", "alert");
    p.setAttribute("data-signed-out", "");
    a.href = "/dashboard/signin?next=" + encodeURIComponent(location.pathname + location.search);
    a.textContent = "Sign in again";
    p.appendChild(document.createTextNode("You were signed out, so this page no longer updates. "));
    p.appendChild(a);
    p.appendChild(document.createTextNode(" to see it as it is now."));
    main.insertBefore(p, main.firstChild);
  }

  // tooManyShown puts at the page's top (or takes away) the notice that
  // its live stream was refused: the account has as many live views open
  // as the server allows (every tab of every user of the account).
  function tooManyShown(on) {
    var cur = document.querySelector("[data-too-many]"), main = document.querySelector("main");
    if (!on) { if (cur) cur.remove(); return; }
    if (cur || !main || signedOutShown || goneShown) return;
    var p = document.createElement("p");
    p.className = "flash flash-warn";
    p.setAttribute("role", "alert");
    p.setAttribute("data-too-many", "");
    p.textContent = "This page is not updating: too many live dashboard pages are open for this account " +
      "(every tab of every user counts). Close the dashboard tabs you do not need; this page tries again " +
      "every 15 seconds and catches up on what it missed once it can.";
    main.insertBefore(p, main.firstChild);
  }

  // pageUser is the user this page was made for. Another user may have
  // signed in since in this browser (signed out and in again in another
  // tab, while this tab was in the background with its stream closed):
  // the page then reads itself again as that user, and it said "This
  // endpoint has been deleted" of an endpoint that was only another
  // account's, or filled its tables with that account's deliveries. It
  // is this page's session gone: its streams stop (the server refuses
  // them too: user= names the page's user) and it says so.
  var pageUser = document.body.dataset.user || "", streamStops = [];
  function otherUser() {
    streamStops.forEach(function (stop) { stop(); });
    setIndicator("Signed out", true);
    signedOut();
  }

  // pageText is the text of a page read again, or null when it could not
  // be read; a 404 is the page's own object gone. A page read as another
  // user, or the sign-in page it was sent to, is this page's session gone.
  function pageText(r) {
    var toSignIn = r.redirected && new URL(r.url).pathname === "/dashboard/signin";
    return r.text().then(function (html) {
      var m = /<body[^>]*\sdata-user="([^"]*)"/.exec(html);
      if (pageUser && (toSignIn || (m && m[1] !== pageUser))) {
        otherUser();
        return null;
      }
      if (r.status === 404) pageGone();
      return r.ok ? html : null;
    });
  }

  function fromHTML(html) {
    var t = document.createElement("template");
    t.innerHTML = html.trim();
    return t.content.firstElementChild;
  }

  // keyOf names a control by what identifies it in the markup (its id;
  // its form's action, name and label; a section's data-keep; a link's
  // address), never by its position, so that the same control can be
  // found again in content rendered afresh.
  var controls = "[id], a[href], button, input, select, textarea, summary";
  function keyOf(el) {
    if (el.id) return "id " + el.id;
    if (el.form) {
      return "form " + el.form.getAttribute("action") + " " + el.tagName + " " + (el.name || "") + " " +
        (el.type || "") + " " + (el.tagName === "BUTTON" ? el.textContent.trim() : "");
    }
    if (el.tagName === "SUMMARY" && el.parentElement.dataset.keep) return "summary " + el.parentElement.dataset.keep;
    if (el.tagName === "A") return "a " + el.getAttribute("href");
    return null;
  }

  // replace puts next in the place of cur, keeping what the person was
  // doing there: the control with the keyboard focus keeps it, and each
  // <details data-keep> stays open or closed as they left it. Without
  // this, every live update of a retrying delivery would close the body
  // they were reading and send the focus back to the top of the page.
  function replace(cur, next) {
    var active = document.activeElement;
    var focus = active && active !== cur && cur.contains(active) ? keyOf(active) : null;
    // A form's button is named by its words too, which may be what
    // changed ("Disable endpoint" became "Enable endpoint" when the
    // endpoint was disabled elsewhere): not found by them, it is found by
    // its form, when that has one button. The focus otherwise fell to the
    // page's start.
    var focusForm = focus && active.tagName === "BUTTON" && active.form ? active.form.getAttribute("action") : null;
    var open = {};
    cur.querySelectorAll("details[data-keep]").forEach(function (d) { open[d.dataset.keep] = d.open; });
    next.querySelectorAll("details[data-keep]").forEach(function (d) {
      if (Object.prototype.hasOwnProperty.call(open, d.dataset.keep)) d.open = open[d.dataset.keep];
    });
    cur.replaceWith(next);
    if (!focus) return;
    var found = Array.prototype.find.call(next.querySelectorAll(controls), function (el) { return keyOf(el) === focus; });
    if (!found && focusForm !== null) {
      var buttons = Array.prototype.filter.call(next.querySelectorAll("button"), function (b) {
        return b.form && b.form.getAttribute("action") === focusForm;
      });
      if (buttons.length === 1) found = buttons[0];
    }
    if (found) found.focus({ preventScroll: true });
  }

  // A button replaced between the press of a mouse button (or of a key)
  // and its release gets no click: a press that began on the old content
  // must end on it. So live content is replaced only when nothing is
  // pressed; whenFree runs f then, after the click of the release.
  var pressed = false, pending = [];
  function press() { pressed = true; }
  function release() {
    if (!pressed) return;
    pressed = false;
    setTimeout(function () {
      var run = pending;
      pending = [];
      run.forEach(function (f) { f(); });
    }, 0);
  }
  // Only the main button clicks. Another one's release may never reach
  // the page: a right click opens the context menu (to open a delivery in
  // a new tab, say), which takes it, and so does the menu key's keyup; the
  // page then held every live change until the next click.
  document.addEventListener("pointerdown", function (e) { if (e.button === 0) press(); }, true);
  document.addEventListener("keydown", press, true);
  ["pointerup", "pointercancel", "keyup", "contextmenu"].forEach(function (name) { document.addEventListener(name, release, true); });
  window.addEventListener("blur", release);
  function whenFree(f) {
    if (pressed) pending.push(f); else f();
  }

  // stream keeps an event stream open while the tab is visible;
  // onReconnect runs when it comes back after a break, so the page can
  // catch up on what it missed. A hidden tab closes its stream: browsers
  // allow a handful of connections per server over HTTP/1.1, and tabs left
  // open in the background would otherwise hold them all, so that the
  // next page would not load. Handlers get (data, stop): stop() ends the
  // stream for good (an inspector that is gone).
  function stream(url, handlers, onReconnect) {
    if (!window.EventSource) return null;
    if (pageUser) url += (url.indexOf("?") < 0 ? "?" : "&") + "user=" + encodeURIComponent(pageUser);
    var es = null, retry = null, everOpened = false, stopped = false;
    // A page loaded in a background tab opens its stream only when shown:
    // it may be behind by then.
    var behind = document.hidden;
    function open() {
      if (es || stopped || document.hidden) return;
      var cur = es = new EventSource(url);
      cur.onopen = function () {
        setLive(true);
        tooManyShown(false);
        // After a break, and on first connect when the page may already be
        // behind (it follows an action, shows deliveries still moving, or
        // was loaded hidden), catch up on what happened before.
        if (onReconnect && (everOpened || behind || unsettled())) onReconnect();
        everOpened = true;
      };
      cur.onerror = function () {
        if (stopped) return;
        setLive(false);
        // Changes made while no stream was open (one refused at first,
        // too many open for the account, or a server not up yet) are
        // caught up on when one opens.
        behind = true;
        if (cur.readyState === EventSource.CLOSED && es === cur) {
          // Closed for good (the server is gone, or refused it): try again
          // later.
          es = null;
          retry = setTimeout(function () { retry = null; open(); }, 15000);
          whyRefused();
        }
      };
      Object.keys(handlers).forEach(function (name) {
        cur.addEventListener(name, function (e) {
          var data = {};
          try { data = JSON.parse(e.data); } catch (err) { return; }
          handlers[name](data, stop);
        });
      });
      cur.addEventListener("signedout", function () {
        stop();
        setIndicator("Signed out", true);
        signedOut();
      });
    }
    // whyRefused asks the server (HEAD: headers only, no stream kept
    // open) what a stream closed for good was answered: an EventSource
    // does not say. A 429 is too many live views open for the account,
    // and the page says so and what to do; it said "Reconnecting…" every
    // 15 seconds, for as long as the other tabs stayed open, with no word
    // of why.
    function whyRefused() {
      if (!window.fetch) return;
      fetch(url, { method: "HEAD", credentials: "same-origin", headers: { Accept: "text/event-stream" } })
        .then(function (r) {
          if (stopped || es) return;
          tooManyShown(r.status === 429);
          if (r.status === 429) setIndicator("Too many tabs", true);
        })
        .catch(function () { /* the server is gone: Reconnecting… says it */ });
    }
    function close() {
      if (es) { es.close(); es = null; }
      if (retry) { clearTimeout(retry); retry = null; }
    }
    function stop() { stopped = true; close(); }
    document.addEventListener("visibilitychange", function () {
      if (stopped) return;
      if (document.hidden) {
        close();
        setIndicator("Paused", true);
      } else {
        setLive(false);
        open(); // its onopen catches up
      }
    });
    open();
    streamStops.push(stop);
    return stop;
  }

  // Deliveries tables: rows change status in place; new deliveries that
  // match the table's filters appear at the top.
  var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-live-deliveries]"));
  var detail = document.querySelector("[data-live-delivery]");
  // The delivery page's status as the live changes last gave it (the
  // page's own at load). Not the page's: the refresh that an earlier change
  // started may already show a later status (pending, then succeeded
  // before the change saying so arrived), and that change, compared with
  // the page, was never said: a screen reader heard "is now pending" and
  // nothing more.
  var detailStatus = detail ? detail.dataset.status : "";

  function matches(table, d) {
    var f = table.dataset;
    return (!f.filterStatus || f.filterStatus === d.status) &&
      (!f.filterType || f.filterType === d.event_type) &&
      (!f.filterEndpoint || f.filterEndpoint === d.endpoint_id) &&
      (!f.filterEvent || f.filterEvent === d.event_id);
  }

  // filtered says whether a table shows only some deliveries (a status,
  // an event type…): a change can take a row out of it.
  function filtered(table) {
    var f = table.dataset;
    return !!(f.filterStatus || f.filterType || f.filterEndpoint || f.filterEvent);
  }

  // emptied puts the table's "no deliveries" row back when its last row
  // has gone.
  function emptied(tbody) {
    if (tbody.rows.length) return;
    var tr = document.createElement("tr"), td = document.createElement("td");
    tr.className = "empty-row";
    td.colSpan = 7;
    td.textContent = tbody.dataset.empty || "No deliveries match these filters.";
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  // updated is a row's (or a table body's read) time in Unix µs.
  function updated(el, key) { return parseInt(el.dataset[key] || "0", 10); }

  // While a catch-up reloads the tables, the changes that arrive are kept
  // here: the reload may have read the rows before them.
  var arrived = null;

  function applyDelivery(d, catching) {
    if (arrived && !catching) arrived[d.id] = d;
    if (!catching) figuresSoon();
    var shownNew = false, changed = false;
    tables.forEach(function (table) {
      var tbody = table.tBodies[0];
      var row = fromHTML(d.html);
      if (!row) return;
      var old = tbody.querySelector('tr[data-delivery-id="' + d.id + '"]');
      if (old) {
        changed = changed || (old.dataset.status !== d.status && updated(old, "updated") <= updated(row, "updated"));
        whenFree(function () {
          // Looked up again: a catch-up may have replaced the rows meanwhile.
          var cur = table.tBodies[0].querySelector('tr[data-delivery-id="' + d.id + '"]');
          if (!cur) return;
          // A row the catch-up read after this change is newer than it.
          if (updated(cur, "updated") > updated(row, "updated")) return;
          // A retrying delivery that failed for good leaves the list of
          // retrying ones, as a reload would show it.
          if (filtered(table) && !matches(table, d)) {
            var body = cur.parentNode;
            var focused = cur.contains(document.activeElement);
            cur.remove();
            emptied(body);
            // An emptied list is read again: the older deliveries that
            // match come up, and its link goes when there are none (it led
            // to another empty page).
            if (!body.querySelector("tr[data-delivery-id]")) catchUp();
            // The focus was on a link in it: not lost to the page's start.
            var main = document.getElementById("main");
            if (focused && main) main.focus({ preventScroll: true });
            return;
          }
          if (cur.dataset.status !== d.status) row.classList.add("fresh");
          replace(cur, row);
        });
        return;
      }
      if (table.dataset.insert !== "1" || !matches(table, d)) return;
      // Newest first, by id (ids sort by creation), as a reload lists
      // them: a resent old delivery, or one that enters a filter, goes
      // where it belongs, and not at all when that is past the page.
      var before = null;
      Array.prototype.some.call(tbody.rows, function (tr) {
        return tr.dataset.deliveryId && tr.dataset.deliveryId < d.id && (before = tr);
      });
      var limit = parseInt(table.dataset.limit || "0", 10), trimmed = false;
      var shown = tbody.querySelectorAll("tr[data-delivery-id]").length;
      if (!before && limit > 0 && shown >= limit) return;
      var empty = tbody.querySelector("tr.empty-row");
      if (empty) empty.remove();
      row.classList.add("fresh");
      tbody.insertBefore(row, before);
      shownNew = true;
      while (limit > 0 && tbody.rows.length > limit) { tbody.deleteRow(tbody.rows.length - 1); trimmed = true; }
      if (trimmed) olderFrom(tbody);
    });
    if (detail && detail.dataset.liveDelivery === d.id) {
      changed = changed || detailStatus !== d.status;
      detailStatus = d.status;
      refreshDetail();
    }
    if (shownNew || changed) sayDelivery(d, shownNew);
  }

  // olderFrom points the page's "Older deliveries" link after the last row
  // still shown: rows pushed off the page by live ones are on the next
  // page then, not skipped. The link is added if the page had none.
  function olderFrom(tbody) {
    var pager = document.querySelector("nav.pager[data-older-base]");
    var last = tbody.rows[tbody.rows.length - 1];
    if (!pager || !last || !last.dataset.deliveryId) return;
    var u = new URL(pager.dataset.olderBase, location.href);
    u.searchParams.set("after", last.dataset.deliveryId);
    var a = pager.querySelector("a[data-older]");
    if (!a) {
      a = document.createElement("a");
      a.setAttribute("data-older", "");
      a.textContent = "Older deliveries \u2192";
      pager.appendChild(a);
    }
    a.href = u.pathname + u.search;
  }

  // A read the server could not answer (a 5xx, or none) is tried again
  // in 5 seconds, as catchUp's is.
  var refreshing = false, again = false, refreshRetry = null;
  function refreshDetail() {
    if (refreshing) { again = true; return; }
    refreshing = true;
    var failed = false;
    fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html", "X-Esahayak-Refresh": "1" } })
      .then(function (r) { failed = r.status >= 500; return pageText(r); })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("delivery-detail");
        if (!next) return;
        // The next refresh waits for this one to be in place.
        return new Promise(function (done) {
          whenFree(function () {
            var cur = document.getElementById("delivery-detail");
            if (cur) { replace(cur, next); detail = next; wire(next); }
            done();
          });
        });
      })
      .catch(function () { failed = true; })
      .then(function () {
        refreshing = false;
        if (again) { again = false; refreshDetail(); }
        else if (failed && !refreshRetry && !document.hidden && !signedOutShown && !goneShown) {
          refreshRetry = setTimeout(function () { refreshRetry = null; refreshDetail(); }, 5000);
        }
      });
  }

  // The page's figures (success rate, error rate, ...) read again five
  // seconds after deliveries change, once for all the changes meanwhile:
  // beside live rows they stayed as loaded, and showed a failing endpoint
  // at 100 %.
  var figuresWaiting = null;
  function figuresSoon() {
    var figures = document.querySelector("[data-live-figures]");
    if (figuresWaiting || !figures) return;
    // A page whose figures cost more to read (monitoring: every endpoint's
    // over the window) says how long to wait in data-live-delay.
    var delay = parseInt(figures.dataset.liveDelay || "5000", 10);
    figuresWaiting = setTimeout(readFigures, delay);
  }
  // readFigures reads the page again now and puts its live parts in place
  // (one read for a wait of figuresSoon's too). A read the server could
  // not answer (a 5xx, or none) is tried again in 5 seconds, as catchUp's
  // is: a key created, or an endpoint changed, while the database was out
  // was otherwise missing from the page until it was reloaded by hand.
  function readFigures() {
    if (figuresWaiting) { clearTimeout(figuresWaiting); figuresWaiting = null; }
    var failed = false;
    fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html", "X-Esahayak-Refresh": "1" } })
      .then(function (r) { failed = r.status >= 500; return pageText(r); })
      .then(function (html) {
        if (html) whenFree(function () { replaceFigures(new DOMParser().parseFromString(html, "text/html")); });
      })
      .catch(function () { failed = true; })
      .then(function () {
        if (failed && !figuresWaiting && !document.hidden && !signedOutShown && !goneShown) figuresWaiting = setTimeout(readFigures, 5000);
      });
  }
  // The live parts read again: figures ([data-live-figures]) and lists of
  // the account's endpoints ([data-live-endpoints]), matched by their
  // order in the page. Wired as the page's own: the endpoint's Status
  // section is one, and its Delete endpoint, unwired, asked in no dialog
  // but on the server's page, so that Cancel could not keep the person
  // here.
  var liveParts = "[data-live-figures], [data-live-endpoints], [data-live-keys]";
  function replaceFigures(doc) {
    var fresh = doc.querySelectorAll(liveParts);
    document.querySelectorAll(liveParts).forEach(function (el, i) {
      if (!fresh[i]) return;
      var next = document.importNode(fresh[i], true);
      // The row of the webhook just saved stays highlighted: the address
      // read again no longer names it (new= is shown once).
      el.querySelectorAll("tr.highlight[data-endpoint-id]").forEach(function (tr) {
        var same = next.querySelector('tr[data-endpoint-id="' + tr.dataset.endpointId + '"]');
        if (same) same.classList.add("highlight");
      });
      replace(el, next);
      wire(next);
    });
    followEndpoint(doc);
  }

  // followEndpoint brings an endpoint's page up to date with the page read
  // again (doc) after the endpoint was edited in another tab or through
  // the API: its heading (the URL) and the title, and each settings field
  // the person has not changed from what the form showed (its was_*
  // value), which then shows the new value. A field they changed keeps
  // their value: the save sends it. The was_* values become the new ones,
  // so that a save still sends only what the person changed, and does not
  // put back the old value of a field updated here.
  function followEndpoint(doc) {
    var heading = document.querySelector("h1[data-endpoint-heading]"), freshHeading = doc.querySelector("h1[data-endpoint-heading]");
    if (!heading || !freshHeading) return;
    if (heading.outerHTML !== freshHeading.outerHTML) replace(heading, document.importNode(freshHeading, true));
    if (doc.title) document.title = doc.title;
    secretFollows(doc);
    var form = document.querySelector("form[data-endpoint-settings]"), fresh = doc.querySelector("form[data-endpoint-settings]");
    if (!form || !fresh) return;
    function was(f, name) {
      return Array.prototype.map.call(f.querySelectorAll('input[type="hidden"][name="was_' + name + '"]'), function (i) { return i.value; });
    }
    function checked(f) {
      return Array.prototype.filter.call(f.querySelectorAll('input[type="checkbox"][name="events"]'), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
    }
    function same(a, b) { return a.length === b.length && a.every(function (x) { return b.indexOf(x) >= 0; }); }
    ["url", "description"].forEach(function (name) {
      var field = form.elements[name], freshField = fresh.elements[name];
      if (field && freshField && field.value === (was(form, name)[0] || "")) field.value = freshField.value;
    });
    if (same(checked(form), was(form, "events"))) {
      var now = checked(fresh);
      form.querySelectorAll('input[type="checkbox"][name="events"]').forEach(function (c) { c.checked = now.indexOf(c.value) >= 0; });
    }
    // The was_* inputs as the fresh page has them.
    form.querySelectorAll('input[type="hidden"][name^="was_"]').forEach(function (i) { i.remove(); });
    var at = form.firstChild;
    fresh.querySelectorAll('input[type="hidden"][name^="was_"]').forEach(function (i) {
      form.insertBefore(document.importNode(i, true), at);
    });
  }

  // secretFollows: a secret shown here (revealed, or just rotated) that
  // the page read again (doc) says is no longer the current one (rotated
  // in another tab or through the API) is taken away, with a word of why.
  // It stayed under "Current secret", with its Copy button, to be put in
  // a receiver that would verify for the 24 hours the old secret still
  // signs, and then refuse every request.
  function secretFollows(doc) {
    var box = document.querySelector("#secret [data-shown-version]");
    var fresh = doc.querySelector("#secret[data-secret-version]");
    var tpl = document.querySelector("template[data-secret-stale]");
    if (!box || !fresh || !tpl || box.dataset.shownVersion === fresh.dataset.secretVersion) return;
    var notice = document.importNode(tpl.content, true).firstElementChild;
    var focused = box.contains(document.activeElement);
    box.replaceWith(notice);
    // The box held the focus (the page opened at it): kept in the section.
    if (focused) {
      notice.tabIndex = -1;
      notice.focus({ preventScroll: true });
    }
  }

  // catchUp reloads the live parts of the page from the server. One
  // reload at a time: asked again meanwhile, it reloads once more after
  // (what changed may have been read before the change).
  // A catch-up the server could not answer (a 5xx: the database out, the
  // server starting; or no answer at all) is tried again: the stream may
  // be open again before the page can be read, and a page that gave up
  // then said Live without what it missed until reloaded by hand. A
  // hidden tab does not: it catches up when shown.
  var catching = false, catchAgain = false, catchRetry = null;
  function catchUpLater() {
    if (catchRetry || document.hidden || signedOutShown || goneShown) return;
    catchRetry = setTimeout(function () { catchRetry = null; catchUp(); }, 5000);
  }
  function catchUp() {
    if (detail) refreshDetail();
    if (!tables.length) {
      // A list of endpoints without figures (Settings) has no wait of its
      // own: what it missed is read now.
      if (document.querySelector("[data-live-figures]")) figuresSoon();
      else readFigures();
      return;
    }
    if (catching) { catchAgain = true; return; }
    catching = true;
    arrived = arrived || {};
    var failed = false;
    fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html", "X-Esahayak-Refresh": "1" } })
      .then(function (r) { failed = r.status >= 500; return pageText(r); })
      .then(function (html) {
        if (!html) { arrived = null; return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelectorAll("table[data-live-deliveries]");
        // The next reload waits for this one to be in place.
        return new Promise(function (done) {
          whenFree(function () {
            tables.forEach(function (table, i) {
              if (fresh[i]) replace(table.tBodies[0], fresh[i].tBodies[0]);
            });
            // The pager as the reload saw it: its link follows the rows.
            var pager = document.querySelector("nav.pager[data-older-base]");
            var freshPager = doc.querySelector("nav.pager[data-older-base]");
            if (pager && freshPager) replace(pager, document.importNode(freshPager, true));
            replaceFigures(doc);
            // Changes that came during the reload go back on top of it.
            var missed = arrived || {};
            arrived = null;
            Object.keys(missed).forEach(function (id) { applyDelivery(missed[id], true); });
            done();
          });
        });
      })
      .catch(function () { arrived = null; failed = true; })
      .then(function () {
        catching = false;
        if (catchAgain) { catchAgain = false; catchUp(); }
        else if (failed) catchUpLater();
      });
  }

  // An endpoint was disabled, enabled or deleted: the server changed its
  // deliveries all at once (held, waiting again, failed for good) without
  // a change for each, so the page reads again what it shows when that
  // may include them: rows of the endpoint, a table that new rows of it
  // could enter, or one of its deliveries. Or it was edited: its page
  // (whose table is of its deliveries) reads again its URL and settings.
  function endpointChanged(ep) {
    var id = ep.endpoint_id;
    if (!id) return;
    var shown = tables.some(function (table) {
      var only = table.dataset.filterEndpoint;
      if (only) return only === id;
      if (table.dataset.insert === "1") return true;
      return Array.prototype.some.call(table.tBodies[0].rows, function (tr) { return tr.dataset.endpoint === id; });
    });
    if (shown || (detail && detail.dataset.endpoint === id)) catchUp();
    // A list of the account's endpoints (the overview's, Settings',
    // Monitoring's) shows each one's status, or that it exists (it may be
    // new): read at once, as a table of its deliveries is, not at the next
    // delivery.
    else if (document.querySelector("[data-live-endpoints]")) readFigures();
  }

  if (tables.length || detail || document.querySelector(liveParts)) {
    // Not applyDelivery itself: a handler's second argument is stop.
    stopLive = stream("/dashboard/live", {
      delivery: function (d) { applyDelivery(d); },
      endpoint: function (ep) { endpointChanged(ep); },
      // A key created or revoked elsewhere: Settings' list of keys reads
      // again (a revoked key read "active", with its Revoke button).
      apikeys: function () { if (document.querySelector("[data-live-keys]")) readFigures(); },
      // The server missed changes for this page (more than it kept up with).
      resync: function () { catchUp(); }
    }, catchUp);
  }

  // Inspector: captured requests appear as they arrive.
  var captures = document.querySelector("[data-inspector]");
  // belowCaptureURL is a captured path without the capture URL's own
  // (/inspect/ and a 43-character token), as it is said: "POST /orders".
  function belowCaptureURL(path) {
    var shown = document.querySelector("[data-capture-url]"), base = "";
    try { base = shown ? new URL(shown.textContent.trim()).pathname.replace(/\/$/, "") : ""; } catch (err) { base = ""; }
    if (!base || path.indexOf(base) !== 0) return path;
    var rest = path.slice(base.length);
    return rest.charAt(0) === "/" ? rest : "/" + rest;
  }
  // addCapture puts a capture in its place, newest first, unless it is
  // shown already.
  function addCapture(el) {
    if (document.getElementById(el.id)) return false;
    var method = el.querySelector(".method"), path = el.querySelector(".capture-path");
    announce("capture " + el.dataset.seq, "capture", "New request captured: " +
      (method ? method.textContent.trim() : "") + " " + belowCaptureURL(path ? path.textContent.trim() : ""));
    var waiting = captures.querySelector("[data-waiting]");
    if (waiting) waiting.remove();
    var seq = +el.dataset.seq, before = null;
    Array.prototype.some.call(captures.querySelectorAll(".capture[data-seq]"), function (c) {
      return +c.dataset.seq < seq && (before = c);
    });
    captures.insertBefore(el, before);
    // The server keeps the newest data-limit captures of an inspector;
    // the page shows no more than it, dropping the oldest.
    var limit = parseInt(captures.dataset.limit || "0", 10), shown = captures.querySelectorAll(".capture[data-seq]");
    for (var i = shown.length - 1; limit > 0 && i >= limit; i--) shown[i].remove();
    return true;
  }
  if (captures) {
    // One read at a time; asked again meanwhile, it reads once more after.
    // A read the server could not answer (a 5xx, or none) is tried again
    // in 5 seconds, as catchUp's is.
    var capturesReading = false, capturesAgain = false, capturesRetry = null;
    var catchUpCaptures = function () {
      if (capturesReading) { capturesAgain = true; return; }
      capturesReading = true;
      var failed = false;
      fetch(location.pathname, { credentials: "same-origin", headers: { Accept: "text/html", "X-Esahayak-Refresh": "1" } })
        .then(function (r) { failed = r.status >= 500; return pageText(r); })
        .then(function (html) {
          if (!html) return;
          // Added to, not replaced: a capture that came on the stream
          // while this page was on its way stays, as do opened sections.
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-inspector]");
          if (fresh) fresh.querySelectorAll(".capture[data-seq]").forEach(addCapture);
        })
        .catch(function () { failed = true; })
        .then(function () {
          capturesReading = false;
          if (capturesAgain) { capturesAgain = false; catchUpCaptures(); }
          else if (failed && !capturesRetry && !document.hidden && !signedOutShown && !goneShown) {
            capturesRetry = setTimeout(function () { capturesRetry = null; catchUpCaptures(); }, 5000);
          }
        });
    };
    stream("/dashboard/inspector/" + encodeURIComponent(captures.dataset.inspector) + "/live", {
      capture: function (c) {
        var el = fromHTML(c.html);
        if (el && addCapture(el)) el.classList.add("fresh");
      },
      // More captures than the stream kept up with: read the page again.
      resync: function () { catchUpCaptures(); },
      gone: function (g, stop) {
        stop();
        // Said at the page's top too: the badge alone changed, above a
        // capture URL and a curl line that still invited requests.
        pageGone(g && g.reason);
        setIndicator(g && g.reason === "deleted" ? "Inspector deleted" :
          g && g.reason === "expired" ? "Inspector expired" : "Inspector gone", true);
      }
    }, catchUpCaptures);
  }

  // Forms and buttons, wired again inside content replaced live.
  function wire(root) {
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        var yes = window.confirm(form.dataset.confirm);
        // The press that opened the dialog is over: Enter's keyup went to
        // the dialog, never to the page, which would otherwise hold every
        // live change (whenFree) until the next key or click.
        release();
        if (!yes) { e.preventDefault(); return; }
        // Asked here: the server's own question (for a page without this
        // script) is skipped.
        if (!form.querySelector('input[name="confirmed"]')) {
          var confirmed = document.createElement("input");
          confirmed.type = "hidden"; confirmed.name = "confirmed"; confirmed.value = "1";
          form.appendChild(confirmed);
        }
      });
    });

    // Forms posted in place (Send test event): the result shows beside
    // the form and the delivery arrives in the table live.
    root.querySelectorAll("form[data-async]").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (!window.fetch || !window.URLSearchParams) return;
        e.preventDefault();
        var button = form.querySelector("button[type=submit]");
        var out = form.parentElement.querySelector("[data-async-result]");
        // A disabled button loses the focus (to the page): it goes back
        // to the button when it is enabled again, unless it was moved on.
        var hadFocus = button && document.activeElement === button;
        if (button) button.disabled = true;
        fetch(form.action, {
          method: "POST", credentials: "same-origin",
          headers: { Accept: "application/json" },
          body: new URLSearchParams(new FormData(form))
        })
          .then(function (r) { return r.json(); })
          .then(function (j) {
            if (!out) return;
            out.textContent = j.message || "";
            out.className = "async-result " + (j.ok ? "ok" : "field-error");
          })
          .catch(function () {
            if (out) { out.textContent = "Could not reach the server. Try again."; out.className = "async-result field-error"; }
          })
          .then(function () {
            if (!button) return;
            button.disabled = false;
            var now = document.activeElement;
            if (hadFocus && (!now || now === document.body || now === document.documentElement)) button.focus();
          });
      });
    });

    // Copy buttons. The label is read once, here: read at each click, a
    // second click while it says "Copied" would keep "Copied" for good.
    // Each is named for what it copies (aria-label "Copy API key", its
    // data-copy-what "API key"): the word on the button changes only for
    // the eye, and a screen reader is told in the layout's status region
    // what was copied ("API key copied"), as three buttons all named
    // "Copy" could not. The word is in an aria-hidden span: the API key
    // and the signing secret sit in a status region, which a screen
    // reader reads again whole, secret included, when text in it changes.
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      // Rendered hidden: without this script it would do nothing.
      button.hidden = false;
      var shown = button.querySelector("[aria-hidden=true]") || button;
      var label = shown.textContent, timer = null;
      var what = button.dataset.copyWhat || "text";
      what = what.charAt(0).toUpperCase() + what.slice(1);
      function say(text, ms, spoken) {
        shown.textContent = text;
        if (timer) clearTimeout(timer);
        timer = setTimeout(function () { timer = null; shown.textContent = label; }, ms);
        if (announcer) {
          // A new node each time: a second copy is said again.
          var p = document.createElement("p");
          p.textContent = spoken;
          announcer.textContent = "";
          announcer.appendChild(p);
        }
      }
      // Without the clipboard API (a page served over plain HTTP to
      // another host is not a secure context) the text is selected, and
      // the person is told how to copy it.
      function selectIt(src) {
        var range = document.createRange();
        range.selectNodeContents(src);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        var how = /Mac|iPhone|iPad/.test(navigator.platform || "") ? "Press \u2318C to copy" : "Press Ctrl+C to copy";
        say(how, 4000, what + " selected. " + how);
      }
      button.addEventListener("click", function () {
        var src = document.querySelector(button.dataset.copy);
        if (!src) return;
        var text = src.textContent.trim();
        if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { say("Copied", 1500, what + " copied"); }, function () { selectIt(src); });
        } else {
          selectIt(src);
        }
      });
    });

  }
  wire(document);
})();
