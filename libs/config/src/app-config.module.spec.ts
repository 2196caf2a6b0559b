import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfigModule } from './app-config.module.js';
import { AppSettings } from './settings.js';

class ExampleConfig extends AppSettings {
  PORT = 5000;
}

@Injectable()
class NeedsConfig {
  constructor(readonly config: ExampleConfig) {}
}

@Module({ providers: [NeedsConfig] })
class FeatureModule {}

describe('AppConfigModule', () => {
  it('gives every module the one config object, injected by its class', async () => {
    const config = Object.assign(new ExampleConfig(), { PORT: 7000 });
    const app = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), FeatureModule],
    }).compile();
    expect(app.get(NeedsConfig).config).toBe(config);
    await app.close();
  });
});
