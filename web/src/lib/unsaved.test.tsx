import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, Route, Router } from 'wouter';
import { LEAVE_QUESTION, confirmLeave, hasUnsavedChanges, useGuardedLocation, useUnsavedChanges } from './unsaved';

function Form({ dirty }: { dirty: boolean }) {
  useUnsavedChanges(dirty);
  return <p>form</p>;
}

afterEach(() => {
  vi.restoreAllMocks();
  window.history.replaceState(null, '', '/');
});

describe('the leave prompt', () => {
  it('asks only while a form has unsaved edits', () => {
    const ask = vi.fn(() => false);
    const { rerender, unmount } = render(<Form dirty={false} />);
    expect(confirmLeave(ask)).toBe(true);
    expect(ask).not.toHaveBeenCalled();
    rerender(<Form dirty />);
    expect(confirmLeave(ask)).toBe(false);
    expect(ask).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(hasUnsavedChanges()).toBe(true);
    unmount();
    expect(hasUnsavedChanges()).toBe(false);
  });

  it('forgets the edits once the user agrees to lose them', () => {
    render(<Form dirty />);
    expect(confirmLeave(() => true)).toBe(true);
    expect(hasUnsavedChanges()).toBe(false);
  });

  it('makes the browser ask before unloading the page, and stops once saved', () => {
    const { rerender } = render(<Form dirty />);
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    rerender(<Form dirty={false} />);
    const later = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(later);
    expect(later.defaultPrevented).toBe(false);
  });

  it('keeps a link from leaving when the user says no, and follows it when yes', async () => {
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    window.history.replaceState(null, '', '/edit');
    render(
      <Router hook={useGuardedLocation}>
        <Route path="/edit">
          <Form dirty />
          <Link href="/">Dashboard</Link>
        </Route>
        <Route path="/">
          <h1>Dashboard page</h1>
        </Route>
      </Router>,
    );
    await userEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    expect(confirm).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(window.location.pathname).toBe('/edit');
    expect(screen.queryByRole('heading', { name: 'Dashboard page' })).toBeNull();
    confirm.mockReturnValue(true);
    await userEvent.click(screen.getByRole('link', { name: 'Dashboard' }));
    expect(window.location.pathname).toBe('/');
    expect(await screen.findByRole('heading', { name: 'Dashboard page' })).toBeTruthy();
  });

  it('asks on the browser\'s Back, and a refusal keeps the page where it was', () => {
    window.history.replaceState(null, '', '/before');
    window.history.pushState(null, '', '/edit');
    render(<Form dirty />);
    const router = vi.fn();
    window.addEventListener('popstate', router);
    const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
    // What the browser does on Back: the URL changes, then popstate fires.
    window.history.replaceState(null, '', '/before');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(ask).toHaveBeenCalledWith(LEAVE_QUESTION);
    expect(router).not.toHaveBeenCalled();
    expect(window.location.pathname).toBe('/edit');
    expect(hasUnsavedChanges()).toBe(true);

    ask.mockReturnValue(true);
    window.history.replaceState(null, '', '/before');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(router).toHaveBeenCalledTimes(1);
    expect(window.location.pathname).toBe('/before');
    expect(hasUnsavedChanges()).toBe(false);
    window.removeEventListener('popstate', router);
  });
});
