// a tripwire: the gateway reads the device registry with pg and never migrates, so typeorm (every
// driver's code, a sizeable part of its memory) must not come in with @healthcare/database
jest.mock('typeorm', () => {
  throw new Error('typeorm was loaded');
});

describe('the gateway modules', () => {
  it('load without typeorm', async () => {
    await expect(import('./app.module.js')).resolves.toHaveProperty('AppModule');
  });
});
