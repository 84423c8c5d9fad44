// The invite page's behaviour: accept as a new person, sign in and accept, or decline.
// The token comes from the page's own path and travels only in request bodies.
(function () {
  const root = document.querySelector('[data-invite]');
  if (!root) return;
  const token = decodeURIComponent(location.pathname.split('/').pop() || '');
  const status = document.getElementById('status');
  const say = (text, ok) => { status.textContent = text; status.className = ok ? 'ok' : 'error'; };

  // Someone signed in (in this browser) writes with their session's CSRF token, which the page
  // carries when it was rendered for a session, or fetches right after signing in here.
  async function post(path, body) {
    const csrf = root.dataset.csrf ? { 'x-csrf-token': root.dataset.csrf } : {};
    const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', ...csrf }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.detail || data.message || data.title || 'Something went wrong.');
    return data;
  }

  function joined(result) {
    root.querySelectorAll('form, .actions').forEach((el) => el.remove());
    say('You have joined ' + root.dataset.org + '.', true);
    return result;
  }

  const create = document.getElementById('create');
  create?.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      joined(await post('/api/v1/invite/accept', { token, name: create.name.value, password: create.password.value }));
    } catch (err) { say(err.message, false); }
  });

  const signin = document.getElementById('signin');
  signin?.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await post('/api/auth/sign-in/email', { email: root.dataset.email, password: signin.password.value });
      const me = await fetch('/api/v1/me', { credentials: 'same-origin' }).then((r) => r.json());
      root.dataset.csrf = me.csrfToken;
      joined(await post('/api/v1/invite/accept', { token }));
    } catch (err) { say(err.message, false); }
  });

  document.getElementById('decline')?.addEventListener('click', async () => {
    if (!confirm('Decline this invitation to ' + root.dataset.org + '?')) return;
    try {
      await post('/api/v1/invite/decline', { token });
      root.querySelectorAll('form, .actions').forEach((el) => el.remove());
      say('Invitation declined. You can close this page.', true);
    } catch (err) { say(err.message, false); }
  });
})();
