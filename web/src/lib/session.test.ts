import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './session';

describe('sign-in paths', () => {
  it('keeps the page to come back to', () => {
    expect(signInPath('/deployments/3')).toBe('/sign-in?next=%2Fdeployments%2F3');
    expect(signInPath('/')).toBe('/sign-in');
    expect(safeNext('?next=%2Fdeployments%2F3')).toBe('/deployments/3');
  });

  it('never redirects off the site', () => {
    expect(safeNext('?next=https%3A%2F%2Fevil.example')).toBe('/');
    expect(safeNext('?next=%2F%2Fevil.example')).toBe('/');
    expect(safeNext('')).toBe('/');
  });
});
