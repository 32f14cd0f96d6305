import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig, validateConfig } from './app-config';

/** Typed access to the validated settings: `settings.get('PORT', { infer: true })`. */
export type Settings = ConfigService<AppConfig, true>;
export { ConfigService as SettingsService };

@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: validateConfig })],
})
export class CoreConfigModule {}
