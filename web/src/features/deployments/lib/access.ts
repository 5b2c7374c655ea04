import type { Access, Level } from '../../../lib/api/types';
import { allows } from './levels';

/** Sentences that say why the caller has its level, and what it would take to get the next one. */
export function explainAccess(access: Access): string[] {
  const lines: string[] = [];
  if (access.admin) {
    lines.push(
      access.admin_through.length > 0
        ? `You are an admin through ${list(access.admin_through)}, so you may do everything here.`
        : 'Your account is an admin account, so you may do everything here.',
    );
  }
  for (const grant of access.grants.filter((g) => g.member)) {
    const via =
      grant.directory_groups.length > 0
        ? ` (you are in it through the directory group ${list(grant.directory_groups)})`
        : '';
    lines.push(`Group ${grant.group} gives you ${grant.level}${via}.`);
  }
  if (!access.admin) {
    for (const needed of ['push', 'edit'] as Level[]) {
      if (allows(access.level, needed)) continue;
      const groups = access.grants.filter((g) => allows(g.level, needed)).map((g) => g.group);
      lines.push(
        groups.length > 0
          ? `To ${needed}, you would need to be in ${list(groups)}.`
          : `No group may ${needed} here; ask an admin.`,
      );
      break;
    }
  }
  return lines;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
