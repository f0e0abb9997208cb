/*
 * Đồng hành chat client: gets a Direct Line token from this server, renders the official Web Chat widget into an
 * element, and keeps the conversation across page reloads (token and conversation id in sessionStorage — per tab,
 * so a shared computer at a commune office does not show one person's conversation to the next visitor).
 */
/* global WebChat */
(function () {
  'use strict';

  var STORAGE_KEY = 'donghanh.directline';
  var ONLINE = 2; // botframework-directlinejs ConnectionStatus.Online
  var MARGIN_MS = 60 * 1000;

  function readSession() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function writeSession(session) {
    try {
      if (session) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      // Private browsing may refuse storage: the chat still works, it just will not survive a reload.
    }
  }

  function post(path, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch('/v3/directline' + path, { method: 'POST', headers: headers, body: '{}' }).then(function (res) {
      if (!res.ok) {
        var failure = new Error('HTTP ' + res.status);
        failure.status = res.status;
        throw failure;
      }
      return res.json();
    });
  }

  function remember(answer, started) {
    var session = {
      conversationId: answer.conversationId,
      token: answer.token,
      expiresAt: Date.now() + answer.expires_in * 1000,
      started: started
    };
    writeSession(session);
    return session;
  }

  /** Resume the tab's conversation when its token is still valid, else start a new one. */
  function obtainSession() {
    var saved = readSession();
    if (saved && saved.started && saved.expiresAt - MARGIN_MS > Date.now()) {
      return post('/tokens/refresh', saved.token)
        .then(function (answer) {
          return remember(answer, true);
        })
        .catch(function () {
          return post('/tokens/generate').then(function (answer) {
            return remember(answer, false);
          });
        });
    }
    return post('/tokens/generate').then(function (answer) {
      return remember(answer, false);
    });
  }

  function styleOptions(accent) {
    var narrow = window.matchMedia && window.matchMedia('(max-width: 600px)').matches;
    return {
      accent: accent,
      primaryFont: "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif",
      fontSizeSmall: '90%',
      bubbleBorderRadius: 10,
      bubbleFromUserBorderRadius: 10,
      bubbleMaxWidth: 720,
      bubbleMinHeight: 44,
      bubbleFromUserBackground: '#e8f0fe',
      bubbleTextColor: '#1a1a1a',
      bubbleFromUserTextColor: '#1a1a1a',
      subtle: '#4d4d4d',
      timestampColor: '#4d4d4d',
      botAvatarInitials: 'ĐH',
      botAvatarBackgroundColor: accent,
      hideUploadButton: true,
      sendBoxHeight: 56,
      sendBoxButtonColor: accent,
      // Phones: one button per line with wrapped text, so long topic titles stay whole instead of ending in "…".
      // Wider screens: buttons side by side, so they do not push the answer out of view.
      suggestedActionLayout: narrow ? 'stacked' : 'flow',
      suggestedActionsStackedLayoutButtonTextWrap: true,
      suggestedActionHeight: 44,
      suggestedActionBorderRadius: 22,
      suggestedActionBorderColor: accent,
      suggestedActionTextColor: accent,
      transcriptVisualKeyboardIndicatorColor: accent,
      sendTimeout: 20000
    };
  }

  /**
   * Adaptive Cards settings: Web Chat's own colours and layout, with larger type than the library's 14 px default,
   * because many of the people reading these answers are elderly.
   */
  function cardHostConfig(accent) {
    var text = { default: '#1a1a1a', subtle: '#4d4d4d' };
    return {
      fontFamily: "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif",
      fontSizes: { small: 15, default: 17, medium: 19, large: 22, extraLarge: 26 },
      lineHeights: { small: 21, default: 25, medium: 27, large: 30, extraLarge: 34 },
      spacing: { small: 6, default: 10, medium: 18, large: 24, extraLarge: 32, padding: 14 },
      separator: { lineThickness: 1, lineColor: '#d0d4da' },
      supportsInteractivity: true,
      containerStyles: {
        default: {
          backgroundColor: '#ffffff',
          foregroundColors: {
            default: text,
            accent: { default: accent, subtle: accent },
            attention: { default: '#b3261e', subtle: '#8c1d18' },
            good: { default: '#0b6a0b', subtle: '#0b6a0b' },
            warning: { default: '#8a4b00', subtle: '#8a4b00' },
            dark: { default: '#000000', subtle: '#4d4d4d' },
            light: { default: '#ffffff', subtle: '#e6e6e6' }
          }
        },
        emphasis: { backgroundColor: '#f2f4f7', foregroundColors: { default: text } }
      },
      actions: {
        actionAlignment: 'stretch',
        actionsOrientation: 'vertical',
        buttonSpacing: 8,
        maxActions: 10,
        showCard: { actionMode: 'inline', inlineTopMargin: 8 },
        spacing: 'default'
      },
      adaptiveCard: { allowCustomStyle: false },
      textBlock: { headingLevel: 3 }
    };
  }

  /** Adds the commune (from the page embedding the widget) to every message, for forwarding questions later. */
  function createStore(commune) {
    return WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (commune && action.type === 'DIRECT_LINE/POST_ACTIVITY') {
            var activity = action.payload.activity;
            var channelData = Object.assign({}, activity.channelData, { commune: commune });
            action = Object.assign({}, action, {
              payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { channelData: channelData }) })
            });
          }
          return next(action);
        };
      };
    });
  }

  function showProblem(element, message) {
    element.innerHTML = '';
    var box = document.createElement('div');
    box.className = 'dh-problem';
    box.setAttribute('role', 'alert');
    box.textContent = message;
    element.appendChild(box);
  }

  /**
   * Mounts Web Chat into `element`. Options: accent (CSS colour), commune (name sent with messages).
   * Returns a function that starts a brand-new conversation.
   */
  function mount(element, options) {
    options = options || {};
    var accent = options.accent || '#0b5394';
    var saveTimer = null;

    function render(session) {
      var directLine = WebChat.createDirectLine({
        domain: window.location.origin + '/v3/directline',
        token: session.token,
        conversationId: session.started ? session.conversationId : undefined,
        webSocket: true
      });
      directLine.connectionStatus$.subscribe(function (status) {
        if (status === ONLINE && !session.started) {
          session.started = true;
          writeSession(session);
        }
      });
      // directlinejs refreshes its token every 15 minutes; keep the stored copy current so a reload can resume.
      clearInterval(saveTimer);
      saveTimer = setInterval(function () {
        if (directLine.token && directLine.token !== session.token) {
          session.token = directLine.token;
          session.expiresAt = Date.now() + 30 * 60 * 1000;
          writeSession(session);
        }
      }, 30 * 1000);
      element.innerHTML = '';
      WebChat.renderWebChat(
        {
          directLine: directLine,
          store: createStore(options.commune),
          locale: 'vi-VN',
          styleOptions: styleOptions(accent),
          adaptiveCardsHostConfig: cardHostConfig(accent),
          overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: 'Gõ câu hỏi của bạn…' }
        },
        element
      );
    }

    function start() {
      return obtainSession()
        .then(render)
        .catch(function (err) {
          showProblem(
            element,
            err && err.status === 429
              ? 'Hiện có rất nhiều lượt mở trò chuyện từ mạng của bạn. Xin lỗi vì sự bất tiện, vui lòng tải lại trang sau ít phút.'
              : 'Chưa kết nối được với Đồng hành. Vui lòng kiểm tra mạng rồi tải lại trang sau ít phút.'
          );
        });
    }

    start();
    return function restart() {
      writeSession(null);
      return start();
    };
  }

  window.DongHanhChat = { mount: mount };
})();
