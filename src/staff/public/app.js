/*
 * Trang cán bộ Đồng hành — the staff console client. No framework, no build step: one file the server sends gzipped.
 * Everything goes through /staff/api (the server checks every permission; hiding a button here is only courtesy).
 * Text from citizens is always inserted with textContent, never as HTML.
 */
(function () {
  'use strict';

  var TZ = 'Asia/Ho_Chi_Minh';
  var STATUS_LABELS = { new: 'Mới', in_progress: 'Đang xử lý', answered: 'Đã trả lời', closed: 'Đã đóng' };
  var ROLE_VIEWS = {
    officer: ['queue'],
    supervisor: ['queue', 'audit', 'drafts'],
    trainer: ['drafts'],
    admin: ['accounts', 'audit'],
  };
  var VIEW_LABELS = { queue: 'Hàng đợi phiếu', audit: 'Nhật ký thao tác', drafts: 'Bản nháp kiến thức', accounts: 'Tài khoản' };
  var VIEW_HASH = { queue: '#/', audit: '#/nhat-ky', drafts: '#/ban-nhap', accounts: '#/tai-khoan' };

  var state = {
    user: null,
    csrf: null,
    events: null,
    queueFilter: { status: ['new', 'in_progress'], q: '', assigned: '', commune: '', from: '', to: '', offset: 0 },
    highlight: {},
    unseen: 0,
    communes: [],
    canned: null,
    refreshTimer: null,
    currentTicketId: null,
    soundOn: localStorage.getItem('donghanh.sound') !== 'off',
    audio: null,
  };

  var main = document.getElementById('main');
  var nav = document.getElementById('nav');
  var who = document.getElementById('who');
  var announcer = document.getElementById('announcer');
  var banner = document.getElementById('banner');
  var baseTitle = document.title;

  // ---------- small DOM helpers ----------

  /** h('button', { class: 'x', onclick: fn }, 'text', child) — children are text or nodes; null is skipped. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key.slice(0, 2) === 'on') el.addEventListener(key.slice(2), value);
        else if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (value === true) el.setAttribute(key, '');
        else el.setAttribute(key, String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  /** append(el, child, child…): each child is text, a node, an array of them, or null (skipped). */
  function append(el) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) child.forEach(function (c) { append(el, c); });
      else el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function announce(text) {
    announcer.textContent = '';
    setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showBanner(text, kind) {
    banner.textContent = text;
    banner.className = 'banner ' + (kind || 'info');
    banner.hidden = false;
    clearTimeout(showBanner.timer);
    showBanner.timer = setTimeout(function () { banner.hidden = true; }, kind === 'error' ? 12000 : 6000);
  }

  function field(labelText, input, hint) {
    var id = input.id || 'f-' + Math.random().toString(36).slice(2);
    input.id = id;
    return h('div', { class: 'field' }, h('label', { for: id }, labelText), input, hint ? h('p', { class: 'hint' }, hint) : null);
  }

  function setView(title, nodes) {
    clear(main);
    var heading = h('h1', { tabindex: '-1' }, title);
    append(main, heading);
    append(main, nodes);
    document.title = (state.unseen ? '(' + state.unseen + ') ' : '') + title + ' · ' + baseTitle;
    heading.focus({ preventScroll: true });
  }

  // ---------- time ----------

  var dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
    timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  });
  function formatTime(ms) { return ms ? dateTimeFormat.format(new Date(ms)) : ''; }
  function age(ms) {
    var minutes = Math.max(0, Math.floor((Date.now() - ms) / 60000));
    if (minutes < 1) return 'vừa xong';
    if (minutes < 60) return minutes + ' phút';
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + ' giờ';
    return Math.floor(hours / 24) + ' ngày';
  }
  function today() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  }

  // ---------- API ----------

  function ApiError(status, message, body) {
    this.status = status;
    this.message = message;
    this.body = body;
  }

  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (res) {
        if (res.status === 204) return {};
        return res.text().then(function (text) {
          var data = {};
          try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
          if (res.ok) return data;
          var message = (data.error && data.error.message) || 'Có lỗi xảy ra (mã ' + res.status + ').';
          // A session that ended while working (expiry, sign-out elsewhere): back to the sign-in form, saying why.
          if (res.status === 401 && state.user && path !== '/staff/api/login') signedOut(message);
          throw new ApiError(res.status, message, data);
        });
      }, function () {
        throw new ApiError(0, 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {});
      });
  }

  function reportError(err) {
    showBanner(err && err.message ? err.message : 'Có lỗi xảy ra.', 'error');
  }

  // ---------- sound and attention ----------

  function audioContext() {
    if (!state.audio) {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return null;
      state.audio = new Ctx();
    }
    return state.audio;
  }

  /** Two short tones: noticeable across a room, not alarming. Browsers allow sound only after a click on the page. */
  function chime() {
    if (!state.soundOn) return;
    var ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === 'suspended') ctx.resume();
    [0, 0.22].forEach(function (offset, i) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = i === 0 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + offset + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + offset);
      osc.stop(ctx.currentTime + offset + 0.22);
    });
  }

  function updateTitleCount() {
    document.title = document.title.replace(/^\(\d+\) /, '');
    if (state.unseen) document.title = '(' + state.unseen + ') ' + document.title;
  }

  window.addEventListener('focus', function () {
    state.unseen = 0;
    updateTitleCount();
  });

  // ---------- live events ----------

  function startEvents() {
    if (state.events || !can('tickets.read')) return;
    var source = new EventSource('/staff/api/events');
    state.events = source;
    source.addEventListener('hello', function () { refreshSoon(); });
    source.addEventListener('resync', function () { refreshSoon(); });
    source.addEventListener('session-ended', function () { signedOut('Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.'); });
    source.addEventListener('ticket', function (e) {
      var data = JSON.parse(e.data);
      if (data.change === 'created' || (data.change === 'citizen_message' && data.status === 'new')) {
        state.highlight[data.ticketId] = Date.now();
        if (!document.hasFocus()) state.unseen += 1;
        updateTitleCount();
        var text = data.change === 'created' ? 'Có phiếu mới: ' + data.code : 'Người dân vừa nhắn thêm vào phiếu ' + data.code;
        showBanner(text, 'new');
        announce(text);
        chime();
      }
      refreshSoon(data.ticketId);
    });
  }

  function stopEvents() {
    if (state.events) state.events.close();
    state.events = null;
  }

  /** Several events in a burst cause one re-read, not one each. */
  function refreshSoon(ticketId) {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(function () {
      var route = parseRoute();
      if (route.view === 'home') loadQueue();
      else if (route.view === 'ticket' && (ticketId === undefined || ticketId === state.currentTicketId)) loadTicket(route.id, true);
    }, 250);
  }

  // ---------- session ----------

  function can(permission) {
    return !!(state.user && state.user.permissions.indexOf(permission) >= 0);
  }

  function signedIn(data) {
    state.user = data.user;
    state.csrf = data.csrfToken;
    renderChrome();
    startEvents();
    if (can('tickets.act') && !state.canned) {
      api('GET', '/staff/api/canned-replies').then(function (r) { state.canned = r.replies; }, function () {});
    }
    // Commune names fill the supervisor's filter and the admin's form, so they are read before the first view.
    var communes = state.communes.length
      ? Promise.resolve()
      : api('GET', '/staff/api/communes').then(function (r) { state.communes = r.communes; }, function () {});
    communes.then(route);
  }

  function signedOut(message) {
    stopEvents();
    state.user = null;
    state.csrf = null;
    renderChrome();
    renderLogin(message);
  }

  function renderChrome() {
    clear(nav);
    clear(who);
    nav.hidden = who.hidden = !state.user;
    if (!state.user) return;
    var views = ROLE_VIEWS[state.user.role] || [];
    append(nav, h('ul', null, views.map(function (v) {
      return h('li', null, h('a', { href: VIEW_HASH[v] }, VIEW_LABELS[v]));
    })));
    append(who,
      h('span', { class: 'who-name' }, state.user.displayName),
      h('span', { class: 'who-role' }, state.user.roleLabel + (state.user.communeName ? ' · ' + state.user.communeName : '')),
      can('tickets.read')
        ? h('button', { type: 'button', class: 'link', 'aria-pressed': state.soundOn ? 'true' : 'false', onclick: toggleSound }, state.soundOn ? 'Âm báo: bật' : 'Âm báo: tắt')
        : null,
      h('a', { href: '#/doi-mat-khau' }, 'Đổi mật khẩu'),
      h('button', { type: 'button', class: 'link', onclick: logout }, 'Đăng xuất'));
  }

  function toggleSound(e) {
    state.soundOn = !state.soundOn;
    localStorage.setItem('donghanh.sound', state.soundOn ? 'on' : 'off');
    e.target.textContent = state.soundOn ? 'Âm báo: bật' : 'Âm báo: tắt';
    e.target.setAttribute('aria-pressed', state.soundOn ? 'true' : 'false');
    if (state.soundOn) { audioContext(); chime(); }
  }

  function logout() {
    api('POST', '/staff/api/logout').then(function () { signedOut('Bạn đã đăng xuất.'); }, reportError);
  }

  function renderLogin(message) {
    var username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
    var password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    var error = h('p', { class: 'form-error', role: 'alert', hidden: !message }, message || '');
    var button = h('button', { type: 'submit', class: 'primary' }, 'Đăng nhập');
    var form = h('form', { class: 'card narrow', novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (!username.value.trim() || !password.value) {
        error.textContent = 'Vui lòng nhập tên đăng nhập và mật khẩu.';
        error.hidden = false;
        return;
      }
      button.disabled = true;
      // The click that signs in also unlocks sound for the new-ticket cue.
      audioContext();
      api('POST', '/staff/api/login', { username: username.value.trim(), password: password.value }).then(function (data) {
        password.value = '';
        signedIn(data);
      }, function (err) {
        button.disabled = false;
        error.textContent = err.message;
        error.hidden = false;
        password.value = '';
        password.focus();
      });
    } }, error, field('Tên đăng nhập', username), field('Mật khẩu', password), button);
    setView('Đăng nhập', [form, h('p', { class: 'hint' }, 'Quên mật khẩu? Liên hệ quản trị viên của tỉnh để được đặt lại.')]);
    username.focus();
  }

  // ---------- routing ----------

  function parseRoute() {
    var hash = location.hash || '#/';
    var m = /^#\/phieu\/(\d+)$/.exec(hash);
    if (m) return { view: 'ticket', id: Number(m[1]) };
    if (hash === '#/nhat-ky') return { view: 'audit' };
    if (hash === '#/ban-nhap') return { view: 'drafts' };
    if (hash === '#/tai-khoan') return { view: 'accounts' };
    if (hash === '#/doi-mat-khau') return { view: 'password' };
    return { view: 'home' };
  }

  function route() {
    if (!state.user) return;
    var r = parseRoute();
    state.currentTicketId = r.view === 'ticket' ? r.id : null;
    var views = ROLE_VIEWS[state.user.role] || [];
    if (r.view === 'home') return views[0] === 'queue' ? renderQueue() : (location.hash = VIEW_HASH[views[0]] || '#/doi-mat-khau');
    if (r.view === 'ticket') return renderTicket(r.id);
    if (r.view === 'audit') return renderAudit();
    if (r.view === 'drafts') return renderDrafts();
    if (r.view === 'accounts') return renderAccounts();
    if (r.view === 'password') return renderPassword();
  }
  window.addEventListener('hashchange', route);

  // ---------- queue ----------

  var queueBody = null;
  var queueCount = null;
  var queuePager = null;

  function queueQuery(extra) {
    var f = state.queueFilter;
    var params = new URLSearchParams();
    if (f.status.length) params.set('status', f.status.join(','));
    if (f.q) params.set('q', f.q);
    if (f.assigned) params.set('assigned', f.assigned);
    if (f.commune) params.set('commune', f.commune);
    if (f.from) params.set('from', f.from);
    if (f.to) params.set('to', f.to);
    Object.keys(extra || {}).forEach(function (k) { params.set(k, extra[k]); });
    return params.toString();
  }

  function renderQueue() {
    var f = state.queueFilter;
    var statusBoxes = Object.keys(STATUS_LABELS).map(function (s) {
      var box = h('input', { type: 'checkbox', name: 'status', value: s, checked: f.status.indexOf(s) >= 0 });
      return h('label', { class: 'check' }, box, ' ' + STATUS_LABELS[s]);
    });
    var q = h('input', { type: 'search', name: 'q', value: f.q, placeholder: 'mã phiếu, từ trong câu hỏi (có dấu hay không đều được)' });
    var mine = h('select', { name: 'assigned' },
      h('option', { value: '' }, 'Tất cả'),
      h('option', { value: 'none', selected: f.assigned === 'none' }, 'Chưa ai nhận'),
      h('option', { value: 'me', selected: f.assigned === 'me' }, 'Tôi đang xử lý'));
    var commune = state.user.role === 'supervisor'
      ? h('select', { name: 'commune' }, h('option', { value: '' }, 'Toàn tỉnh'), state.communes.map(function (c) {
        return h('option', { value: c.id, selected: f.commune === c.id }, c.name);
      }))
      : null;
    var from = h('input', { type: 'date', name: 'from', value: f.from });
    var to = h('input', { type: 'date', name: 'to', value: f.to });
    var filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Lọc phiếu', onsubmit: function (e) {
      e.preventDefault();
      f.status = statusBoxes.map(function (l) { return l.firstChild; }).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      f.q = q.value.trim();
      f.assigned = mine.value;
      f.commune = commune ? commune.value : '';
      f.from = from.value;
      f.to = to.value;
      f.offset = 0;
      loadQueue();
    } },
    h('fieldset', { class: 'statuses' }, h('legend', null, 'Trạng thái'), statusBoxes),
    field('Tìm kiếm', q),
    field('Người xử lý', mine),
    commune ? field('Xã/phường', commune) : null,
    field('Từ ngày', from),
    field('Đến ngày', to),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Lọc')));

    queueCount = h('p', { class: 'count', 'aria-live': 'polite' });
    queueBody = h('tbody');
    var table = h('table', { class: 'queue' },
      h('caption', { class: 'visually-hidden' }, 'Danh sách phiếu, mới nhất trước'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Mã phiếu'),
        h('th', { scope: 'col' }, 'Nội dung'),
        state.user.role === 'supervisor' ? h('th', { scope: 'col' }, 'Xã/phường') : null,
        h('th', { scope: 'col' }, 'Kênh'),
        h('th', { scope: 'col' }, 'Trạng thái'),
        h('th', { scope: 'col' }, 'Đã chờ'),
        h('th', { scope: 'col' }, 'Người xử lý'))),
      queueBody);
    queuePager = h('div', { class: 'pager' });

    var exportFrom = h('input', { type: 'date', name: 'exportFrom', value: today().slice(0, 8) + '01', required: true });
    var exportTo = h('input', { type: 'date', name: 'exportTo', value: today(), required: true });
    var exportForm = can('tickets.export')
      ? h('form', { class: 'export', onsubmit: function (e) {
        e.preventDefault();
        if (!exportFrom.value || !exportTo.value) return showBanner('Chọn ngày bắt đầu và ngày kết thúc.', 'error');
        var params = new URLSearchParams({ from: exportFrom.value, to: exportTo.value });
        if (state.queueFilter.commune) params.set('commune', state.queueFilter.commune);
        location.href = '/staff/api/tickets.csv?' + params.toString();
      } }, h('h2', null, 'Xuất danh sách phiếu (CSV)'), field('Từ ngày', exportFrom), field('Đến ngày', exportTo),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Tải tệp CSV')))
      : null;

    setView('Hàng đợi phiếu', [filters, queueCount, h('div', { class: 'table-wrap' }, table), queuePager, exportForm]);
    loadQueue();
  }

  function loadQueue() {
    if (!queueBody || !document.body.contains(queueBody)) return;
    var f = state.queueFilter;
    api('GET', '/staff/api/tickets?' + queueQuery({ limit: 50, offset: f.offset })).then(function (page) {
      clear(queueBody);
      queueCount.textContent = page.total ? page.total + ' phiếu' : 'Không có phiếu nào khớp bộ lọc.';
      page.tickets.forEach(function (t) {
        var fresh = state.highlight[t.id] && Date.now() - state.highlight[t.id] < 5 * 60000;
        queueBody.appendChild(h('tr', { class: fresh ? 'fresh' : null, 'data-ticket': t.code },
          h('td', null, h('a', { href: '#/phieu/' + t.id }, t.code), fresh ? h('span', { class: 'tag new' }, 'Mới đến') : null),
          h('td', { class: 'summary' }, t.kind === 'scam_report' ? h('span', { class: 'tag scam' }, t.kindLabel) : null, t.summary || '(đã xóa nội dung)'),
          state.user.role === 'supervisor' ? h('td', null, t.communeName) : null,
          h('td', null, t.channelLabel),
          h('td', null, h('span', { class: 'status s-' + t.status }, t.statusLabel), t.deliveryProblem ? h('span', { class: 'tag warn' }, 'Lỗi gửi') : null),
          h('td', null, h('time', { datetime: new Date(t.createdAt).toISOString(), title: formatTime(t.createdAt) }, age(t.createdAt))),
          h('td', null, t.assigneeName || '—')));
      });
      clear(queuePager);
      if (f.offset > 0) append(queuePager, h('button', { type: 'button', onclick: function () { f.offset = Math.max(0, f.offset - 50); loadQueue(); } }, '← Trang trước'));
      if (f.offset + 50 < page.total) append(queuePager, h('button', { type: 'button', onclick: function () { f.offset += 50; loadQueue(); } }, 'Trang sau →'));
    }, reportError);
  }

  // ---------- ticket ----------

  var ticketRoot = null;

  function renderTicket(id) {
    ticketRoot = h('div', { class: 'ticket' }, h('p', { class: 'loading' }, 'Đang tải phiếu…'));
    setView('Phiếu', [h('p', null, h('a', { href: '#/' }, '← Về hàng đợi')), ticketRoot]);
    loadTicket(id, false);
  }

  function loadTicket(id, keepDrafts) {
    api('GET', '/staff/api/tickets/' + id).then(function (data) {
      if (state.currentTicketId !== id) return;
      drawTicket(data.ticket, keepDrafts);
    }, function (err) {
      if (!ticketRoot) return;
      clear(ticketRoot);
      append(ticketRoot, h('p', { class: 'form-error', role: 'alert' }, err.message));
    });
  }

  function drawTicket(t, keepDrafts) {
    // Keep what the officer is typing, and the numbers and sites ticked in a scam report, when a live update (or the
    // event stream connecting) redraws the page.
    var typed = { ticked: {} };
    if (keepDrafts && ticketRoot) {
      Array.prototype.forEach.call(ticketRoot.querySelectorAll('textarea, input[type=text]'), function (el) { typed[el.name] = el.value; });
      Array.prototype.forEach.call(ticketRoot.querySelectorAll('input[type=checkbox][name=indicator]:checked'), function (el) { typed.ticked[el.value] = true; });
      // A status chosen and not yet saved; an untouched select shows the ticket's status as it is now.
      var chosenStatus = ticketRoot.querySelector('select[name=status]');
      if (chosenStatus && chosenStatus.value !== chosenStatus.getAttribute('data-drawn')) typed.status = chosenStatus.value;
    }
    var heading = main.querySelector('h1');
    if (heading) heading.textContent = 'Phiếu ' + t.code;
    document.title = 'Phiếu ' + t.code + ' · ' + baseTitle;
    clear(ticketRoot);

    var actions = h('div', { class: 'ticket-actions' });
    if (can('tickets.act') && t.assignedTo === null && !t.purged) {
      append(actions, h('button', { type: 'button', class: 'primary', onclick: function (e) {
        e.target.disabled = true;
        api('POST', '/staff/api/tickets/' + t.id + '/claim').then(function (r) {
          announce('Bạn đã nhận xử lý phiếu ' + t.code);
          drawTicket(r.ticket, true);
        }, function (err) { reportError(err); loadTicket(t.id, true); });
      } }, 'Nhận xử lý'));
    }
    if (can('tickets.act')) {
      var statusSelect = h('select', { name: 'status', 'data-drawn': t.status }, Object.keys(STATUS_LABELS).map(function (s) {
        return h('option', { value: s, selected: s === (typed.status || t.status) }, STATUS_LABELS[s]);
      }));
      append(actions, h('form', { class: 'inline', onsubmit: function (e) {
        e.preventDefault();
        api('POST', '/staff/api/tickets/' + t.id + '/status', { status: statusSelect.value }).then(function (r) {
          announce('Đã chuyển trạng thái thành ' + STATUS_LABELS[statusSelect.value]);
          drawTicket(r.ticket, true);
        }, reportError);
      } }, field('Trạng thái', statusSelect), h('button', { type: 'submit' }, 'Cập nhật')));
    }

    var facts = h('dl', { class: 'facts' },
      h('dt', null, 'Trạng thái'), h('dd', null, h('span', { class: 'status s-' + t.status }, t.statusLabel)),
      h('dt', null, 'Loại'), h('dd', null, t.kindLabel),
      h('dt', null, 'Xã/phường'), h('dd', null, t.communeName),
      h('dt', null, 'Kênh'), h('dd', null, t.channelLabel),
      h('dt', null, 'Gửi lúc'), h('dd', null, formatTime(t.createdAt) + ' (' + age(t.createdAt) + ' trước)'),
      h('dt', null, 'Người xử lý'), h('dd', null, t.assigneeName || 'Chưa ai nhận'),
      h('dt', null, 'Điện thoại'), h('dd', null, t.phone ? h('a', { href: 'tel:' + t.phone }, t.phone) : 'Người dân không để lại số'));

    var problems = [];
    if (t.deliveryProblem) problems.push(h('p', { class: 'warn-box', role: 'note' }, 'Lần gửi gần nhất không tới được người dân: ' + t.deliveryProblem));
    if (t.purged) problems.push(h('p', { class: 'warn-box' }, 'Nội dung phiếu đã được xóa theo thời hạn lưu trữ.'));

    var transcript = h('ol', { class: 'transcript', 'aria-label': 'Nội dung trao đổi' }, t.messages.map(function (m) {
      var delivery = null;
      if (m.author === 'staff' && !m.internal) {
        delivery = h('p', { class: 'delivery d-' + m.delivery }, m.deliveryLabel + (m.deliveryError ? ': ' + m.deliveryError : ''),
          m.delivery === 'failed' && can('tickets.act')
            ? h('button', { type: 'button', class: 'link', onclick: function () {
              api('POST', '/staff/api/tickets/' + t.id + '/messages/' + m.id + '/deliver').then(function () { loadTicket(t.id, true); }, reportError);
            } }, 'Gửi lại')
            : null);
      }
      return h('li', { class: 'msg from-' + m.author + (m.internal ? ' internal' : ''), 'data-message': m.id },
        h('p', { class: 'meta' },
          h('strong', null, m.internal ? 'Ghi chú nội bộ — ' + m.authorName : m.authorName),
          ' · ', h('time', { datetime: new Date(m.createdAt).toISOString() }, formatTime(m.createdAt)),
          m.internal ? h('span', { class: 'tag' }, 'người dân không thấy') : null),
        h('p', { class: 'body' }, m.body),
        delivery);
    }));

    var forms = [];
    if (can('tickets.act') && !t.purged) {
      var replyText = h('textarea', { name: 'reply', rows: '5', maxlength: '4000', required: true });
      replyText.value = typed.reply || '';
      var canned = state.canned && state.canned.length
        ? field('Mẫu trả lời', h('select', { name: 'canned', onchange: function (e) {
          var chosen = state.canned.filter(function (c) { return c.id === e.target.value; })[0];
          if (chosen) { replyText.value = chosen.text; replyText.focus(); }
          e.target.value = '';
        } }, h('option', { value: '' }, 'Chọn mẫu để chèn…'), state.canned.map(function (c) { return h('option', { value: c.id }, c.label); })))
        : null;
      var sendButton = h('button', { type: 'submit', class: 'primary' }, 'Gửi trả lời cho người dân');
      forms.push(h('form', { class: 'card reply', onsubmit: function (e) {
        e.preventDefault();
        if (!replyText.value.trim()) return showBanner('Nhập nội dung trả lời trước khi gửi.', 'error');
        sendButton.disabled = true;
        api('POST', '/staff/api/tickets/' + t.id + '/replies', { text: replyText.value }).then(function (r) {
          replyText.value = '';
          var status = r.delivery && r.delivery.status;
          var text = status === 'delivered' ? 'Đã gửi trả lời tới người dân.' : status === 'failed' ? 'Đã lưu trả lời nhưng chưa gửi được: ' + (r.delivery.error || '') : 'Đã lưu trả lời; đang gửi tới người dân.';
          showBanner(text, status === 'failed' ? 'error' : 'info');
          announce(text);
          loadTicket(t.id, true);
        }, function (err) { sendButton.disabled = false; reportError(err); });
      } }, h('h2', null, 'Trả lời người dân'),
      h('p', { class: 'hint' }, 'Câu trả lời được gửi vào đúng cuộc trò chuyện người dân đã dùng. Không hỏi mã OTP, mật khẩu hay số thẻ ngân hàng.'),
      canned, field('Nội dung trả lời', replyText), h('div', { class: 'actions' }, sendButton)));

      var noteText = h('textarea', { name: 'note', rows: '3', maxlength: '4000' });
      noteText.value = typed.note || '';
      forms.push(h('form', { class: 'card note', onsubmit: function (e) {
        e.preventDefault();
        if (!noteText.value.trim()) return showBanner('Nhập nội dung ghi chú.', 'error');
        api('POST', '/staff/api/tickets/' + t.id + '/notes', { text: noteText.value }).then(function () {
          noteText.value = '';
          announce('Đã lưu ghi chú nội bộ.');
          loadTicket(t.id, true);
        }, reportError);
      } }, h('h2', null, 'Ghi chú nội bộ'), field('Ghi chú (chỉ cán bộ thấy)', noteText), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Lưu ghi chú'))));
    }
    if (can('drafts.create') && !t.purged) forms.push(draftPanel(t, typed));
    if (t.kind === 'scam_report' && !t.purged) forms.unshift(scamIndicatorPanel(t, typed.ticked));

    append(ticketRoot, actions, facts, problems, h('h2', null, 'Nội dung trao đổi'), transcript, forms);
  }

  function draftPanel(t, typed) {
    var lastReply = t.messages.filter(function (m) { return m.author === 'staff' && !m.internal; }).pop();
    var title = h('input', { type: 'text', name: 'draftTitle', maxlength: '200' });
    var group = h('input', { type: 'text', name: 'draftGroup', value: t.kind === 'scam_report' ? 'lua-dao' : 'chung', pattern: '[a-z0-9-]+' });
    var questions = h('textarea', { name: 'draftQuestions', rows: '3' });
    var answer = h('textarea', { name: 'draftAnswer', rows: '4' });
    title.value = typed.draftTitle || '';
    if (typed.draftGroup) group.value = typed.draftGroup;
    questions.value = typed.draftQuestions || t.subject;
    answer.value = typed.draftAnswer || (lastReply ? lastReply.body : '');
    var output = h('div', { class: 'draft-output', 'aria-live': 'polite' });

    function request(save) {
      var body = {
        group: group.value.trim(),
        questions: questions.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean),
        answer: answer.value,
        save: save,
      };
      if (title.value.trim()) body.title = title.value.trim();
      return api('POST', '/staff/api/tickets/' + t.id + '/knowledge-draft', body).then(function (r) {
        clear(output);
        if (!title.value.trim()) title.value = r.entry.title;
        append(output,
          h('p', null, save ? 'Đã lưu bản nháp vào knowledge/' + r.file + ' để cán bộ biên soạn duyệt.' : 'Bản nháp hợp lệ (mã mục ' + r.entry.id + ').'),
          h('pre', { class: 'yaml', tabindex: '0' }, r.yaml));
        return r;
      }, function (err) {
        clear(output);
        var problems = err.body && err.body.problems;
        append(output, h('div', { class: 'form-error', role: 'alert' }, err.message,
          problems ? h('ul', null, problems.map(function (p) { return h('li', null, p); })) : null));
        throw err;
      });
    }

    return h('details', { class: 'card draft' },
      h('summary', null, 'Tạo bản nháp kiến thức'),
      h('p', { class: 'hint' }, 'Biến câu hỏi và câu trả lời tốt thành một mục kiến thức nháp cho cán bộ biên soạn. Bỏ mọi chi tiết riêng của người hỏi (tên, địa chỉ, số giấy tờ).'),
      field('Tiêu đề', title, 'Để trống để lấy câu đầu của câu hỏi.'),
      field('Nhóm chủ đề', group, 'Ví dụ: cu-tru, can-cuoc, vneid, lua-dao, chung.'),
      field('Các câu hỏi mẫu (mỗi dòng một câu)', questions),
      field('Câu trả lời', answer),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: function () { request(false).catch(function () {}); } }, 'Xem trước'),
        h('button', { type: 'button', onclick: function () {
          request(false).then(function (r) {
            var blob = new Blob([r.yaml], { type: 'application/yaml' });
            var link = h('a', { href: URL.createObjectURL(blob), download: r.fileName });
            document.body.appendChild(link);
            link.click();
            setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
          }).catch(function () {});
        } }, 'Tải về (.yaml)'),
        h('button', { type: 'button', class: 'primary', onclick: function () { request(true).catch(function () {}); } }, 'Lưu vào knowledge/drafts')),
      output);
  }

  // ---------- scam indicators: confirmed when closing a scam report ----------

  /** The numbers and sites in a scam report; confirming them as a scam's makes the bot warn every citizen who sends them. */
  function scamIndicatorPanel(t, ticked) {
    var title = h('h2', { id: 'scam-indicators-title' }, 'Số điện thoại, tên miền lừa đảo');
    var panel = h('section', { class: 'card scam-indicators', 'aria-labelledby': 'scam-indicators-title' }, title,
      h('p', { class: 'loading' }, 'Đang tải…'));
    api('GET', '/staff/api/tickets/' + t.id + '/scam-indicators').then(function (r) {
      fillScamIndicatorPanel(panel, title, t, r, ticked);
    }, function (err) {
      // A server without the scam checker has nothing to show here.
      if (err.status === 404 && err.body && err.body.error && err.body.error.code === 'ScamCheckOff') return panel.remove();
      clear(panel);
      append(panel, title, h('p', { class: 'form-error', role: 'alert' }, err.message));
    });
    return panel;
  }

  /** `ticked`: indicators the officer had ticked before the page was redrawn, ticked again if still open. */
  function fillScamIndicatorPanel(panel, title, t, r, ticked) {
    clear(panel);
    var canAct = can('tickets.act');
    var choices = [];
    var rows = r.candidates.map(function (c) {
      var what = c.kind === 'phone' ? 'số điện thoại' : c.broader ? 'cả tên miền, gồm mọi trang con' : 'tên miền';
      var open = c.status === 'new';
      var value = c.kind + ':' + c.value;
      var box = h('input', { type: 'checkbox', name: 'indicator', value: value, disabled: !open || !canAct, checked: open && canAct && !!ticked[value] });
      if (open) choices.push({ box: box, indicator: { kind: c.kind, value: c.value } });
      var undo = c.fromThisReport && canAct
        ? h('button', { type: 'button', class: 'link', onclick: function () {
          send('/remove', [{ kind: c.kind, value: c.value }], false, 'Đã bỏ xác nhận ' + c.shown + '.');
        } }, 'Bỏ xác nhận')
        : null;
      return h('li', { 'data-indicator': c.kind + ':' + c.value },
        h('label', { class: 'check' }, box, ' ', h('strong', null, c.shown), ' (' + what + ')'),
        h('span', { class: 'tag' + (open ? '' : ' warn') }, c.statusLabel), undo ? ' ' : null, undo);
    });

    function send(suffix, indicators, close, done) {
      return api('POST', '/staff/api/tickets/' + t.id + '/scam-indicators' + suffix, { indicators: indicators }).then(function () {
        showBanner(done, 'info');
        announce(done);
        if (!close) return loadTicket(t.id, true);
        return api('POST', '/staff/api/tickets/' + t.id + '/status', { status: 'closed' }).then(function (s) { drawTicket(s.ticket, true); });
      }).catch(reportError);
    }

    function confirm(close) {
      var chosen = choices.filter(function (c) { return c.box.checked; }).map(function (c) { return c.indicator; });
      if (!chosen.length) return showBanner('Chọn ít nhất một số điện thoại hoặc tên miền.', 'error');
      send('', chosen, close, 'Đã xác nhận ' + chosen.length + ' mục là lừa đảo: bot sẽ cảnh báo người dân gửi tin nhắn có chúng.');
    }

    append(panel, title,
      h('p', null, 'Kết quả kiểm tra tự động: ', h('strong', null, r.verdict.riskLabel)),
      r.verdict.risk !== 'low' ? h('ul', { class: 'reasons' }, r.verdict.reasons.map(function (x) { return h('li', null, x.text); })) : null,
      h('p', { class: 'hint' }, 'Khi đóng phiếu, đánh dấu các số điện thoại, tên miền bạn đã xác minh là của kẻ gian: từ đó bot cảnh báo mọi người dân gửi tin nhắn có chúng. ' +
        'Không chọn số của chính người dân, hay của cơ quan, ngân hàng thật.'),
      rows.length
        ? h('ul', { class: 'indicators', 'aria-label': 'Số điện thoại, tên miền trong phiếu' }, rows)
        : h('p', null, 'Phiếu không có số điện thoại hay tên miền nào để xác nhận (trang chính thức và link rút gọn không được liệt kê).'),
      canAct && choices.length
        ? h('div', { class: 'actions' },
          h('button', { type: 'button', onclick: function () { confirm(false); } }, 'Xác nhận là lừa đảo'),
          t.status !== 'closed' ? h('button', { type: 'button', class: 'primary', onclick: function () { confirm(true); } }, 'Xác nhận và đóng phiếu') : null)
        : null);
  }

  // ---------- audit ----------

  function renderAudit() {
    var body = h('tbody');
    var count = h('p', { class: 'count', 'aria-live': 'polite' });
    var from = h('input', { type: 'date', name: 'from', value: today() });
    var to = h('input', { type: 'date', name: 'to', value: today() });
    var action = h('select', { name: 'action' }, h('option', { value: '' }, 'Mọi thao tác'));
    var offset = 0;
    var pager = h('div', { class: 'pager' });

    function load() {
      var params = new URLSearchParams({ limit: '100', offset: String(offset) });
      if (from.value) params.set('from', from.value);
      if (to.value) params.set('to', to.value);
      if (action.value) params.set('action', action.value);
      api('GET', '/staff/api/audit?' + params.toString()).then(function (r) {
        if (action.options.length === 1) {
          Object.keys(r.actions).forEach(function (key) { action.appendChild(h('option', { value: key }, r.actions[key])); });
        }
        clear(body);
        count.textContent = r.total + ' thao tác';
        r.entries.forEach(function (e) {
          body.appendChild(h('tr', null,
            h('td', null, formatTime(e.at)),
            h('td', null, e.actor),
            h('td', null, e.actionLabel),
            h('td', null, e.ticketId ? h('a', { href: '#/phieu/' + e.ticketId }, e.target || ('#' + e.ticketId)) : (e.target || '')),
            h('td', null, e.address || '')));
        });
        clear(pager);
        if (offset > 0) append(pager, h('button', { type: 'button', onclick: function () { offset = Math.max(0, offset - 100); load(); } }, '← Trang trước'));
        if (offset + 100 < r.total) append(pager, h('button', { type: 'button', onclick: function () { offset += 100; load(); } }, 'Trang sau →'));
      }, reportError);
    }

    var form = h('form', { class: 'filters', onsubmit: function (e) { e.preventDefault(); offset = 0; load(); } },
      field('Từ ngày', from), field('Đến ngày', to), field('Thao tác', action),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Xem')));
    var table = h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Nhật ký thao tác, mới nhất trước'),
      h('thead', null, h('tr', null, ['Thời gian', 'Người thực hiện', 'Thao tác', 'Đối tượng', 'Địa chỉ máy'].map(function (c) { return h('th', { scope: 'col' }, c); }))),
      body);
    setView('Nhật ký thao tác', [form, count, h('div', { class: 'table-wrap' }, table), pager]);
    load();
  }

  // ---------- drafts ----------

  function renderDrafts() {
    var list = h('tbody');
    var table = h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Bản nháp kiến thức, mới nhất trước'),
      h('thead', null, h('tr', null, ['Tiêu đề', 'Mã mục', 'Nhóm', 'Số câu hỏi mẫu', 'Tệp'].map(function (c) { return h('th', { scope: 'col' }, c); }))),
      list);
    setView('Bản nháp kiến thức', [h('p', { class: 'hint' }, 'Các mục nháp trong knowledge/drafts/. Bot không dùng bản nháp để trả lời cho tới khi được duyệt và chuyển vào nhóm chủ đề.'), h('div', { class: 'table-wrap' }, table)]);
    api('GET', '/staff/api/knowledge-drafts').then(function (r) {
      if (!r.drafts.length) list.appendChild(h('tr', null, h('td', { colspan: '5' }, 'Chưa có bản nháp nào.')));
      r.drafts.forEach(function (d) {
        list.appendChild(h('tr', null, h('td', null, d.title), h('td', null, h('code', null, d.id)), h('td', null, d.group), h('td', null, String(d.questions)),
          h('td', null, h('a', { href: '/staff/api/knowledge-drafts/file?path=' + encodeURIComponent(d.file), download: '' }, d.file))));
      });
    }, reportError);
  }

  // ---------- accounts ----------

  function renderAccounts() {
    var body = h('tbody');
    function load() {
      api('GET', '/staff/api/accounts').then(function (r) {
        clear(body);
        r.accounts.forEach(function (a) {
          body.appendChild(h('tr', null,
            h('td', null, a.username), h('td', null, a.displayName), h('td', null, a.role), h('td', null, a.communeName || '—'),
            h('td', null, a.disabled ? 'Đã khóa' : 'Hoạt động'),
            h('td', null,
              h('button', { type: 'button', class: 'link', onclick: function () {
                api('POST', '/staff/api/accounts/' + encodeURIComponent(a.username) + (a.disabled ? '/enable' : '/disable')).then(load, reportError);
              } }, a.disabled ? 'Mở khóa' : 'Khóa'),
              ' ',
              h('button', { type: 'button', class: 'link', onclick: function () {
                var pw = window.prompt('Mật khẩu mới cho ' + a.username + ' (ít nhất 10 ký tự):');
                if (!pw) return;
                api('POST', '/staff/api/accounts/' + encodeURIComponent(a.username) + '/password', { password: pw }).then(function () {
                  showBanner('Đã đặt lại mật khẩu cho ' + a.username + '.', 'info');
                }, reportError);
              } }, 'Đặt lại mật khẩu'))));
        });
      }, reportError);
    }
    var username = h('input', { name: 'username', autocomplete: 'off', required: true });
    var displayName = h('input', { name: 'displayName' });
    var role = h('select', { name: 'role' }, ['officer', 'supervisor', 'trainer', 'admin'].map(function (r) { return h('option', { value: r }, r); }));
    var commune = h('select', { name: 'commune' }, h('option', { value: '' }, '—'), state.communes.map(function (c) { return h('option', { value: c.id }, c.name); }));
    var password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true });
    var form = h('form', { class: 'card', onsubmit: function (e) {
      e.preventDefault();
      api('POST', '/staff/api/accounts', { username: username.value, displayName: displayName.value, role: role.value, commune: commune.value, password: password.value })
        .then(function () { form.reset(); showBanner('Đã tạo tài khoản.', 'info'); load(); }, reportError);
    } }, h('h2', null, 'Tạo tài khoản'), field('Tên đăng nhập', username), field('Họ tên', displayName), field('Vai trò', role),
    field('Xã/phường (chỉ với officer)', commune), field('Mật khẩu ban đầu', password, 'Ít nhất 10 ký tự.'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Tạo tài khoản')));
    var table = h('table', null, h('thead', null, h('tr', null, ['Tên đăng nhập', 'Họ tên', 'Vai trò', 'Xã/phường', 'Trạng thái', 'Thao tác'].map(function (c) { return h('th', { scope: 'col' }, c); }))), body);
    setView('Tài khoản', [h('div', { class: 'table-wrap' }, table), form]);
    load();
  }

  // ---------- own password ----------

  function renderPassword() {
    var current = h('input', { type: 'password', name: 'current', autocomplete: 'current-password', required: true });
    var next = h('input', { type: 'password', name: 'next', autocomplete: 'new-password', required: true });
    var again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password', required: true });
    var form = h('form', { class: 'card narrow', onsubmit: function (e) {
      e.preventDefault();
      if (next.value !== again.value) return showBanner('Hai lần nhập mật khẩu mới không khớp.', 'error');
      api('POST', '/staff/api/me/password', { current: current.value, next: next.value }).then(function () {
        form.reset();
        showBanner('Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.', 'info');
      }, reportError);
    } }, field('Mật khẩu hiện tại', current), field('Mật khẩu mới', next, 'Ít nhất 10 ký tự, không chứa tên đăng nhập.'), field('Nhập lại mật khẩu mới', again),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Đổi mật khẩu')));
    setView('Đổi mật khẩu', [form]);
  }

  // ---------- start ----------

  api('GET', '/staff/api/session').then(signedIn, function (err) {
    renderLogin(err.status === 401 ? '' : err.message);
  });
  // Ages in the queue ("5 phút") stay right without a reload.
  setInterval(function () { if (parseRoute().view === 'home' && state.user && can('tickets.read')) loadQueue(); }, 60000);
})();
