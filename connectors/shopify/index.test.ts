import { describe, expect, it } from 'vitest';
import { compileSchema } from '../../src/core/validation';
import shopify from './index';
import { apiOf, webhookModeOf } from './config';
import { TEST_CONFIG } from './test-helpers';

const validate = compileSchema(shopify.configSchema);

describe('definition', () => {
  it('reads through GraphQL and takes webhooks as notices unless a connection says otherwise', () => {
    const plain = { shopDomain: 'a.myshopify.com', accessToken: 't', webhookSecret: 's' };
    expect(apiOf(plain)).toBe('graphql');
    expect(webhookModeOf(plain)).toBe('notice');
    expect(apiOf({ ...plain, api: 'rest' })).toBe('rest');
    expect(webhookModeOf({ ...plain, webhookMode: 'full' })).toBe('full');
  });

  it('declares its identity and one pinned API version', () => {
    expect(shopify.kind).toBe('source');
    expect(shopify.meta.id).toBe('shopify');
    expect(shopify.meta.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(shopify.meta.apiVersion).toBe('2026-10');
    expect(shopify.meta.docsUrl).toContain(shopify.meta.apiVersion);
  });
});

describe('config schema', () => {
  it('accepts a complete config', () => {
    expect(validate(TEST_CONFIG).ok).toBe(true);
    expect(validate({ ...TEST_CONFIG, pollIntervalSeconds: 600 }).ok).toBe(true);
  });

  it.each([
    'shop.example.com',
    'https://northwind-test.myshopify.com',
    'Northwind.myshopify.com',
    'northwind.myshopify.com.evil.example',
    '-northwind.myshopify.com',
  ])('refuses shop domain %s', (shopDomain) => {
    expect(validate({ ...TEST_CONFIG, shopDomain }).ok).toBe(false);
  });

  it('refuses unknown settings, missing secrets and too-frequent polling', () => {
    expect(validate({ ...TEST_CONFIG, apiKey: 'x' }).ok).toBe(false);
    const { webhookSecret: _omit, ...noSecret } = TEST_CONFIG;
    expect(validate(noSecret).ok).toBe(false);
    expect(validate({ ...TEST_CONFIG, pollIntervalSeconds: 5 }).ok).toBe(false);
  });

  it('marks both secrets writeOnly so the hub encrypts and redacts them', () => {
    const props = shopify.configSchema.properties as Record<string, { writeOnly?: boolean }>;
    expect(props['accessToken']?.writeOnly).toBe(true);
    expect(props['webhookSecret']?.writeOnly).toBe(true);
    expect(props['shopDomain']?.writeOnly).toBeUndefined();
  });
});
