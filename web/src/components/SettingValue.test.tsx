import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import type { Setting } from '../lib/api/types';
import { SettingValue } from './SettingValue';

describe('SettingValue', () => {
  it('shows a plain value as text, markup included', () => {
    const { container } = render(<SettingValue setting={{ name: 'A', value: '<b>x</b>', secret: false } as Setting} />);
    expect(container.textContent).toBe('<b>x</b>');
    expect(container.querySelector('b')).toBeNull();
  });
  it('never shows a secret value, even one the page was given by mistake', () => {
    const { container } = render(<SettingValue setting={{ name: 'A', value: 'hunter2', secret: true } as Setting} />);
    expect(container.textContent).toContain('secret (write-only)');
    expect(container.textContent).not.toContain('hunter2');
  });
});
