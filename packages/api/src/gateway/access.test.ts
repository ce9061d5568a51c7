import { describe, expect, it } from 'vitest';
import { requirementOf } from './access.js';

describe('requirementOf (what one call or a batch demands)', () => {
  it('needs nothing for public calls and a signed-in caller for authenticated ones', () => {
    expect(requirementOf(['public', undefined])).toEqual({ internal: false, authenticated: false, permissions: [] });
    expect(requirementOf(['public', 'authenticated'])).toEqual({ internal: false, authenticated: true, permissions: [] });
  });

  it('needs every permission a batch names, once each', () => {
    expect(requirementOf(['orders:read', 'public', 'orders:refund', 'orders:read'])).toEqual({
      internal: false,
      authenticated: true,
      permissions: ['orders:read', 'orders:refund'],
    });
  });

  it('is internal when any call is', () => {
    expect(requirementOf(['products:write', 'internal'])).toEqual({ internal: true });
  });
});
