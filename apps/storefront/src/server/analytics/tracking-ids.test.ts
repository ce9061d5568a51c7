import { describe, expect, it } from 'vitest';
import {
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  VISITOR_COOKIE,
  VISITOR_MAX_AGE_S,
  decideTracking,
  formatSessionCookie,
  idsFromProxyHeaders,
  optedOut,
  parseSessionCookie,
  trackingCookieWrites,
} from './tracking-ids';

const VISITOR = '0b7e4a1c-2d3f-4a5b-9c6d-7e8f9a0b1c2d';
const SESSION = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
let counter = 0;
const newId = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
const headers = (values: Record<string, string>) => new Headers(values);

describe('opt-out signals', () => {
  it('Sec-GPC: 1 and DNT: 1 opt out; other values do not', () => {
    expect(optedOut(headers({ 'sec-gpc': '1' }))).toBe(true);
    expect(optedOut(headers({ dnt: '1' }))).toBe(true);
    expect(optedOut(headers({ dnt: '0' }))).toBe(false);
    expect(optedOut(headers({ 'sec-gpc': '0' }))).toBe(false);
    expect(optedOut(headers({}))).toBe(false);
  });
});

describe('decideTracking', () => {
  it('a first visit gets a new visitor id and a new session', () => {
    const decision = decideTracking({ visitorCookie: undefined, sessionCookie: undefined, optOut: false, now: NOW, newId });
    if (decision.optOut) throw new Error('expected ids');
    expect(decision.newVisitor).toBe(true);
    expect(decision.newSession).toBe(true);
    expect(decision.visitorId).not.toBe(decision.sessionId);
    expect(parseSessionCookie(decision.sessionCookie)).toEqual({ id: decision.sessionId, lastActivity: NOW });
  });

  it('keeps the visitor and the session within 30 idle minutes, sliding the activity time', () => {
    const sessionCookie = formatSessionCookie({ id: SESSION, lastActivity: NOW - SESSION_IDLE_MS });
    const decision = decideTracking({ visitorCookie: VISITOR, sessionCookie, optOut: false, now: NOW, newId });
    expect(decision).toMatchObject({ optOut: false, visitorId: VISITOR, sessionId: SESSION, newVisitor: false, newSession: false });
    if (decision.optOut) throw new Error('expected ids');
    expect(parseSessionCookie(decision.sessionCookie)?.lastActivity).toBe(NOW);
  });

  it('starts a new session after more than 30 idle minutes (same visitor)', () => {
    const sessionCookie = formatSessionCookie({ id: SESSION, lastActivity: NOW - SESSION_IDLE_MS - 1 });
    const decision = decideTracking({ visitorCookie: VISITOR, sessionCookie, optOut: false, now: NOW, newId });
    if (decision.optOut) throw new Error('expected ids');
    expect(decision.visitorId).toBe(VISITOR);
    expect(decision.sessionId).not.toBe(SESSION);
    expect(decision.newSession).toBe(true);
  });

  it('replaces malformed cookies instead of trusting them', () => {
    const decision = decideTracking({ visitorCookie: 'not-a-uuid', sessionCookie: `${SESSION}.zzzzzzzzzzzzzzzz`, optOut: false, now: NOW, newId });
    if (decision.optOut) throw new Error('expected ids');
    expect(decision.visitorId).not.toBe('not-a-uuid');
    expect(decision.newVisitor).toBe(true);
    expect(decision.sessionId).not.toBe(SESSION);
    expect(parseSessionCookie('a.b.c')).toBeNull();
    expect(parseSessionCookie(`${SESSION}`)).toBeNull();
  });

  it('DNT/GPC: no ids, and the cookies the browser still has are expired', () => {
    const decision = decideTracking({ visitorCookie: VISITOR, sessionCookie: formatSessionCookie({ id: SESSION, lastActivity: NOW }), optOut: true, now: NOW, newId });
    expect(decision).toEqual({ optOut: true, expire: [VISITOR_COOKIE, SESSION_COOKIE] });
    const writes = trackingCookieWrites(decision, false);
    expect(writes.map((write) => [write.name, write.value, write.options.maxAge])).toEqual([
      [VISITOR_COOKIE, '', 0],
      [SESSION_COOKIE, '', 0],
    ]);
    // Nothing to expire: nothing is written at all.
    expect(trackingCookieWrites(decideTracking({ visitorCookie: undefined, sessionCookie: undefined, optOut: true, now: NOW }), false)).toEqual([]);
  });
});

describe('cookies', () => {
  it('oc_vid lives a year, oc_sid 30 minutes; both httpOnly, SameSite=Lax, Secure only on https', () => {
    const decision = decideTracking({ visitorCookie: VISITOR, sessionCookie: undefined, optOut: false, now: NOW, newId });
    const [visitor, session] = trackingCookieWrites(decision, true);
    expect(visitor).toMatchObject({ name: VISITOR_COOKIE, value: VISITOR, options: { httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: VISITOR_MAX_AGE_S } });
    expect(session).toMatchObject({ name: SESSION_COOKIE, options: { httpOnly: true, sameSite: 'lax', secure: true, maxAge: 30 * 60 } });
    expect(trackingCookieWrites(decision, false).every((write) => write.options.secure === false)).toBe(true);
  });
});

describe('ids handed to the render', () => {
  it('reads the proxy headers; opted out or forged values are no ids', () => {
    expect(idsFromProxyHeaders(headers({ 'x-oc-opt-out': '0', 'x-oc-visitor-id': VISITOR, 'x-oc-session-id': SESSION, 'x-oc-new-visitor': '1' }))).toEqual({
      visitorId: VISITOR,
      sessionId: SESSION,
      newVisitor: true,
    });
    expect(idsFromProxyHeaders(headers({ 'x-oc-opt-out': '1', 'x-oc-visitor-id': VISITOR, 'x-oc-session-id': SESSION }))).toBeNull();
    expect(idsFromProxyHeaders(headers({ 'x-oc-opt-out': '0', 'x-oc-visitor-id': 'x', 'x-oc-session-id': SESSION }))).toBeNull();
  });
});
