import { describe, expect, it } from 'vitest';
import { casLoginHref, casReturn, casService } from './cas';

describe('CAS sign-in', () => {
  const origin = 'https://rolf.example.org';

  it('sends the browser to the API with a service on this site that keeps the wanted page', () => {
    expect(casService(origin, '/')).toBe('https://rolf.example.org/sign-in/cas');
    expect(casLoginHref('', origin, '/pushes/4?x=1')).toBe(
      '/api/v1/auth/cas/login?service=' +
        encodeURIComponent('https://rolf.example.org/sign-in/cas?next=%2Fpushes%2F4%3Fx%3D1'),
    );
  });

  it('trades the ticket for the exact service string it was issued for', () => {
    const service = casService(origin, '/deployments/3');
    const back = new URL(service);
    back.searchParams.set('ticket', 'ST-1-abc');
    const got = casReturn(origin, back.search);
    expect(got).toEqual({ ticket: 'ST-1-abc', next: '/deployments/3', service });
  });

  it('never goes off the site afterwards', () => {
    expect(casReturn(origin, '?next=%2F%2Fevil.example&ticket=ST-2').next).toBe('/');
    expect(casReturn(origin, '?ticket=ST-3')).toEqual({ ticket: 'ST-3', next: '/', service: casService(origin, '/') });
  });
});
