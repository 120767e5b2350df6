import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';

describe('notification settings', () => {
  it('defaults: links to this service on localhost, 8 attempts, 10 s timeout, delivery on', () => {
    expect(loadConfig({ PORT: '4000' }).notifications).toEqual({
      publicUrl: 'http://localhost:4000',
      deliveryEnabled: true,
      maxAttempts: 8,
      timeoutMs: 10_000,
      pollMs: 1_000,
      retryBaseMs: 10_000,
      retentionDays: 30,
    });
  });

  it('takes PUBLIC_URL without its trailing slash, and refuses one that is not http(s)', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://ops.example.com/' }).notifications.publicUrl).toBe('https://ops.example.com');
    expect(() => loadConfig({ PUBLIC_URL: 'ops.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://ops.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ NOTIFICATIONS_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFICATIONS_MAX_ATTEMPTS/);
  });
});
