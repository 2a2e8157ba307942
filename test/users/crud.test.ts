import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../helpers/app.js';

const t = useTestApp();

let counter = 0;
const uniqueName = (base: string) => `${base}${++counter}_${process.pid}`;

function basic(username: string, password: string) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function whoAmI(username: string, password: string) {
  return t.request({ method: 'GET', url: '/api/v1/users/me', as: null, headers: { authorization: basic(username, password) } });
}

async function createUser(payload: Record<string, unknown>) {
  const res = await t.request({ method: 'POST', url: '/api/v1/users', payload });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().user;
}

describe('creating users', () => {
  it('creates a user with a hashed password who can then sign in', async () => {
    const username = uniqueName('carol');
    const user = await createUser({ username, password: 'carols-password', email: 'carol@example.org', first_name: 'Carol', last_name: 'Danvers' });
    assert.equal(user.username, username);
    assert.equal(user.role, 'user', 'role defaults to user');
    assert.equal(user.email, 'carol@example.org');
    assert.equal(user.first_name, 'Carol');
    assert.equal(user.last_login_at, null);
    assert.equal(user.password, undefined);
    assert.equal(user.password_hash, undefined);

    const row = await t.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    assert.notEqual(row.password_hash, 'carols-password');
    assert.ok(!row.password_hash.includes('carols-password'));

    const me = await whoAmI(username, 'carols-password');
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().user.id, user.id);
  });

  it('creates an admin when asked', async () => {
    const user = await createUser({ username: uniqueName('dana'), password: 'danas-password', role: 'admin' });
    assert.equal(user.role, 'admin');
    assert.equal((await whoAmI(user.username, 'danas-password')).json().user.role, 'admin');
  });

  it('refuses a username that differs from a taken one only in case: 409 naming username', async () => {
    const username = uniqueName('Erin');
    await createUser({ username, password: 'erins-password' });
    for (const variant of [username, username.toLowerCase(), username.toUpperCase()]) {
      const res = await t.request({ method: 'POST', url: '/api/v1/users', payload: { username: variant, password: 'another-password' } });
      assert.equal(res.statusCode, 409, variant);
      assert.equal(res.json().error.code, 'conflict');
      assert.ok(res.json().error.fields.username);
    }
    const rows = await t.db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).execute();
    assert.equal(rows.length, 1);
  });

  it('refuses a password shorter than 8 characters, naming password', async () => {
    const username = uniqueName('short');
    const res = await t.request({ method: 'POST', url: '/api/v1/users', payload: { username, password: '1234567' } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'validation_failed');
    assert.ok(res.json().error.fields.password);
    assert.equal(await t.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst(), undefined);
    assert.equal((await t.request({ method: 'POST', url: '/api/v1/users', payload: { username, password: '12345678' } })).statusCode, 201);
  });

  it('refuses bad input field by field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ password: 'long-enough-1' }, 'username'],
      [{ username: 'has space', password: 'long-enough-1' }, 'username'],
      [{ username: '', password: 'long-enough-1' }, 'username'],
      [{ username: uniqueName('x'), password: 'long-enough-1', email: 'not-an-email' }, 'email'],
      [{ username: uniqueName('x'), password: 'long-enough-1', role: 'superuser' }, 'role'],
      [{ username: uniqueName('x'), password: 'long-enough-1', password_hash: 'scrypt$...' }, 'password_hash'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.request({ method: 'POST', url: '/api/v1/users', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().error.code, 'validation_failed');
      assert.ok(res.json().error.fields[field], `${JSON.stringify(payload)} names ${field}: ${res.body}`);
    }
  });
});

describe('reading users', () => {
  it('lists users by username with a total, and pages', async () => {
    await createUser({ username: uniqueName('list'), password: 'long-enough-1' });
    const res = await t.request({ method: 'GET', url: '/api/v1/users?limit=1000' });
    assert.equal(res.statusCode, 200);
    const { users, total } = res.json();
    const count = Number((await t.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    assert.equal(total, count);
    assert.equal(users.length, count);
    // In the database's collation, which need not be JavaScript's.
    const expected = await t.db.selectFrom('users').select('id').orderBy('username').execute();
    assert.deepEqual(users.map((u: { id: number }) => u.id), expected.map((u) => u.id));
    assert.ok(users.every((u: Record<string, unknown>) => u.password_hash === undefined));

    const page = (await t.request({ method: 'GET', url: '/api/v1/users?offset=1&limit=1' })).json();
    assert.equal(page.users.length, 1);
    assert.equal(page.users[0].id, users[1].id);
    assert.equal(page.total, count);
  });

  it('gets a user by id; an unknown id is 404', async () => {
    const user = await createUser({ username: uniqueName('get'), password: 'long-enough-1' });
    const res = await t.request({ method: 'GET', url: `/api/v1/users/${user.id}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().user, user);
    const missing = await t.request({ method: 'GET', url: '/api/v1/users/99999999' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });
});

describe('changing users', () => {
  it('an admin changes names, email and password; the old password stops working at once', async () => {
    const username = uniqueName('frank');
    const user = await createUser({ username, password: 'franks-password' });
    assert.equal((await whoAmI(username, 'franks-password')).statusCode, 200);

    const res = await t.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { first_name: 'Frank', email: 'frank@example.org', password: 'new-password-1' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.first_name, 'Frank');
    assert.equal(res.json().user.email, 'frank@example.org');
    assert.equal(res.json().user.username, username);

    assert.equal((await whoAmI(username, 'franks-password')).statusCode, 401);
    assert.equal((await whoAmI(username, 'new-password-1')).statusCode, 200);
  });

  it('renaming onto a taken username, whatever its case, is 409 naming username', async () => {
    const taken = await createUser({ username: uniqueName('Gina'), password: 'long-enough-1' });
    const other = await createUser({ username: uniqueName('hank'), password: 'long-enough-1' });
    const res = await t.request({ method: 'PATCH', url: `/api/v1/users/${other.id}`, payload: { username: taken.username.toUpperCase() } });
    assert.equal(res.statusCode, 409);
    assert.ok(res.json().error.fields.username);
    const row = await t.db.selectFrom('users').select('username').where('id', '=', other.id).executeTakeFirstOrThrow();
    assert.equal(row.username, other.username);
  });

  it('refuses a short password and unknown ids', async () => {
    const user = await createUser({ username: uniqueName('ivan'), password: 'long-enough-1' });
    const short = await t.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { password: 'short' } });
    assert.equal(short.statusCode, 400);
    assert.ok(short.json().error.fields.password);
    assert.equal((await whoAmI(user.username, 'long-enough-1')).statusCode, 200);

    const missing = await t.request({ method: 'PATCH', url: '/api/v1/users/99999999', payload: { first_name: 'Nobody' } });
    assert.equal(missing.statusCode, 404);
    const demoteMissing = await t.request({ method: 'PATCH', url: '/api/v1/users/99999999', payload: { role: 'user' } });
    assert.equal(demoteMissing.statusCode, 404);
  });
});

describe('deleting users', () => {
  it('sets their contacts\' owner to null, revokes their tokens and ends their sessions', async () => {
    const user = await t.user();
    const created = await t.request({ method: 'POST', url: '/api/v1/contacts', payload: { firstname: 'Owned', owner: user.id } });
    assert.equal(created.statusCode, 201, created.body);
    const contactId = created.json().contact.id;
    const byThem = await t.request({ method: 'POST', url: '/api/v1/contacts', as: user, payload: { firstname: 'Made by them' } });
    assert.equal(byThem.statusCode, 201);
    const signIn = await t.request({ method: 'POST', url: '/api/v1/auth/sign-in', as: null, payload: { username: user.username, password: user.password } });
    const cookie = signIn.cookies.find((c) => c.name === 'cb_session')!.value;
    // Used first, so their credentials sit in the in-process cache.
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/users/me', as: user })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, cookies: { cb_session: cookie } })).statusCode, 200);

    const res = await t.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` });
    assert.equal(res.statusCode, 204, res.body);

    assert.equal(await t.db.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst(), undefined);
    const contact = await t.request({ method: 'GET', url: `/api/v1/contacts/${contactId}` });
    assert.equal(contact.statusCode, 200, 'the contact stays');
    assert.equal(contact.json().contact.owner, null);
    const theirs = await t.db.selectFrom('contacts').select('created_by').where('id', '=', byThem.json().contact.id).executeTakeFirstOrThrow();
    assert.equal(theirs.created_by, null);

    const tokens = await t.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
    assert.equal(tokens.length, 0);
    const bearer = await t.request({ method: 'GET', url: '/api/v1/users/me', as: user });
    assert.equal(bearer.statusCode, 401);
    assert.equal((await whoAmI(user.username, user.password)).statusCode, 401);
    assert.equal((await t.request({ method: 'GET', url: '/api/v1/auth/session', as: null, cookies: { cb_session: cookie } })).statusCode, 401);
  });

  it('a second delete, or an unknown id, is 404', async () => {
    const user = await t.user();
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` })).statusCode, 204);
    const again = await t.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'not_found');
  });

  it('frees the username for a new user', async () => {
    const user = await t.user();
    assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` })).statusCode, 204);
    const again = await createUser({ username: user.username, password: 'long-enough-1' });
    assert.notEqual(again.id, user.id);
  });
});
