/* Emis GraphQL IDE bootstrap.
 * Loaded by /ide/index.html after the local UMD bundles:
 *   React, ReactDOM (react@18 UMD), graphqlWs (graphql-ws UMD), GraphiQL (graphiql@3 UMD).
 * HTTP: POST <origin>/graphql. Subscriptions: ws(s)://<host>/graphql, protocol graphql-transport-ws.
 * Auth: "Authorization" from the GraphiQL headers editor if present, otherwise
 *       "Bearer <token>" from the token field (persisted in localStorage "emis.token").
 */
(function () {
  'use strict';

  var TOKEN_KEY = 'emis.token';
  var HTTP_URL = window.location.origin + '/graphql';
  var WS_URL = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + '/graphql';

  var DEFAULT_QUERY = [
    '# Welcome to Emis GraphQL.',
    '#',
    '# Authentication: get a bearer token from the CLI',
    '#',
    '#     ./emis token --role ministry-admin',
    '#',
    '# and paste it into the "Bearer token" field above (kept in localStorage "emis.token").',
    '# Every HTTP request then sends "Authorization: Bearer <token>", and subscriptions',
    '# (WebSocket, graphql-transport-ws) send {"Authorization": "Bearer <token>"} in connection_init.',
    '# An "Authorization" entry in the Headers tab below overrides the field for both.',
    '#',
    '# Ctrl+Enter runs the query; Ctrl+Space autocompletes; the docs explorer is on the left.',
    '',
    '{',
    '  __typename',
    '}',
    ''
  ].join('\n');

  // ---- token storage -------------------------------------------------------
  function readToken() {
    try { return (window.localStorage.getItem(TOKEN_KEY) || '').trim(); } catch (e) { return ''; }
  }
  function writeToken(value) {
    var v = (value || '').trim().replace(/^bearer\s+/i, '');
    try {
      if (v) { window.localStorage.setItem(TOKEN_KEY, v); } else { window.localStorage.removeItem(TOKEN_KEY); }
    } catch (e) { /* storage disabled: token lives only in the field */ }
    return v;
  }

  // Authorization header from the GraphiQL headers editor (last seen), if any.
  var editorAuthorization = null;

  function findAuthorization(headers) {
    if (!headers || typeof headers !== 'object') { return null; }
    for (var k in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, k) && k.toLowerCase() === 'authorization' && headers[k]) {
        return String(headers[k]);
      }
    }
    return null;
  }

  function currentAuthorization() {
    if (editorAuthorization) { return editorAuthorization; }
    var token = tokenInput ? tokenInput.value.trim().replace(/^bearer\s+/i, '') : readToken();
    return token ? 'Bearer ' + token : null;
  }

  // ---- HTTP: inject Authorization unless the headers editor already set one --
  function authFetch(input, init) {
    init = init || {};
    var headers = new Headers(init.headers || {});
    if (!headers.has('Authorization')) {
      var auth = currentAuthorization();
      if (auth) { headers.set('Authorization', auth); }
    }
    var opts = {};
    for (var k in init) { if (Object.prototype.hasOwnProperty.call(init, k)) { opts[k] = init[k]; } }
    opts.headers = headers;
    opts.credentials = opts.credentials || 'same-origin';
    return window.fetch(input, opts);
  }

  // ---- WebSocket: one graphql-ws client per Authorization value -------------
  // connection_init payload is fixed per socket, so when the token changes the
  // client is replaced (the old one is disposed, closing its socket).
  var current = null; // { auth, wsClient, fetcher }

  function fetcherFor(auth) {
    if (current && current.auth === auth) { return current.fetcher; }
    if (current) {
      try { current.wsClient.dispose(); } catch (e) { /* ignore */ }
    }
    var wsClient = window.graphqlWs.createClient({
      url: WS_URL,
      lazy: true,                 // connect on first subscription, close when idle
      retryAttempts: 3,
      connectionParams: function () { return auth ? { Authorization: auth } : {}; }
    });
    var fetcher = window.GraphiQL.createFetcher({
      url: HTTP_URL,
      wsClient: wsClient,         // graphql-ws speaks the graphql-transport-ws subprotocol
      fetch: authFetch
    });
    current = { auth: auth, wsClient: wsClient, fetcher: fetcher };
    return fetcher;
  }

  function emisFetcher(graphQLParams, opts) {
    editorAuthorization = findAuthorization(opts && opts.headers);
    return fetcherFor(currentAuthorization())(graphQLParams, opts);
  }

  // ---- token bar -------------------------------------------------------------
  var tokenInput = document.getElementById('emis-token');
  var statusEl = document.getElementById('emis-token-status');
  var toggleBtn = document.getElementById('emis-token-toggle');
  var clearBtn = document.getElementById('emis-token-clear');

  function showStatus() {
    statusEl.textContent = tokenInput.value.trim() ? 'token set' : 'no token (anonymous)';
  }

  tokenInput.value = readToken();
  showStatus();
  tokenInput.addEventListener('input', function () {
    writeToken(tokenInput.value);
    showStatus();
  });
  tokenInput.addEventListener('change', function () {
    tokenInput.value = writeToken(tokenInput.value);
    showStatus();
  });
  toggleBtn.addEventListener('click', function () {
    var hidden = tokenInput.type === 'password';
    tokenInput.type = hidden ? 'text' : 'password';
    toggleBtn.textContent = hidden ? 'hide' : 'show';
  });
  clearBtn.addEventListener('click', function () {
    tokenInput.value = '';
    writeToken('');
    showStatus();
  });
  // Keep several open tabs in sync.
  window.addEventListener('storage', function (e) {
    if (e.key === TOKEN_KEY) { tokenInput.value = e.newValue || ''; showStatus(); }
  });

  // ---- render ---------------------------------------------------------------
  var container = document.getElementById('graphiql');
  container.textContent = '';
  var root = window.ReactDOM.createRoot(container);
  root.render(window.React.createElement(window.GraphiQL, {
    fetcher: emisFetcher,
    defaultQuery: DEFAULT_QUERY,
    defaultEditorToolsVisibility: false,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false
  }));
})();
