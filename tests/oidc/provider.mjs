// A real OpenID Connect provider for the tests (panva's oidc-provider, OpenID Certified), on loopback. The tests
// start it (tests/oidc/__init__.py) with its whole configuration in OIDC_TEST_PROVIDER: the port, the signing key
// (the tests keep it, to sign tokens the provider's key would), the clients, and the file of accounts with their
// groups, read at each sign-in so that a test can change a person's groups between two of them.
// Its sign-in page is the package's own development page: any password is taken, the account is the login.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const { port, jwks, clients, accountsFile } = JSON.parse(process.env.OIDC_TEST_PROVIDER);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients,
  jwks,
  cookies: { keys: ['tests-only-not-secret'] },
  // Entra ID sends groups in the ID token, not at the userinfo endpoint: so does this provider.
  claims: {
    openid: ['sub', 'groups'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const account = JSON.parse(readFileSync(accountsFile, 'utf8'))[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // A council's own staff app: no consent page, as Entra ID's admin consent for an organisation gives.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

// The test client's host, and the live server's loopback ports, which are chosen when the tests run.
const loopback = /^http:\/\/(testserver|localhost|127\.0\.0\.1)(:\d+)?\//;
provider.Client.prototype.redirectUriAllowed = (uri) => loopback.test(uri);
provider.Client.prototype.postLogoutRedirectUriAllowed = (uri) => loopback.test(uri);

provider.listen(port, '127.0.0.1', () => console.log(`listening on ${issuer}`));
