// A first page to log in and see who you are; the full client comes with the booking screens.
const ROLE_LABELS = { requester: 'demandeur', interpreter: 'interprète', dispatcher: 'régulation', auditor: 'ARS', admin: 'administration' };
const form = document.getElementById('login');
const session = document.getElementById('session');
const message = document.getElementById('message');

function show(user) {
  form.hidden = Boolean(user);
  session.hidden = !user;
  if (user) {
    document.getElementById('who').textContent = user.name;
    document.getElementById('role').textContent = ROLE_LABELS[user.role] ?? user.role;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.textContent = '';
  const res = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: form.email.value, password: form.password.value }),
  });
  if (res.ok) show((await res.json()).user);
  else message.textContent = res.status === 429 ? 'Trop de tentatives, réessayez plus tard.' : 'Adresse e-mail ou mot de passe incorrect.';
});

document.getElementById('logout').addEventListener('click', async () => {
  await fetch('/api/auth/logout', { method: 'POST' });
  show(undefined);
});

fetch('/api/me').then(async (res) => show(res.ok ? (await res.json()).user : undefined));
