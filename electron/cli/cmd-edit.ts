import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { referenceOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

function parseIds(values: {
  ids?: string | undefined;
  'ids-file'?: string | undefined;
}): string[] | undefined {
  if (values.ids !== undefined)
    return values.ids
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  if (values['ids-file'] !== undefined) {
    return readFileSync(values['ids-file'], 'utf8')
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  return undefined;
}

/** headroom tag P NAME (--ids a,b | --ids-file F | --where EXPR) [--remove] [--run R] */
export async function cmdTag(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ids: { type: 'string' },
      'ids-file': { type: 'string' },
      where: { type: 'string' },
      remove: { type: 'boolean' },
      run: { type: 'string' },
    },
  });
  const [project, tag] = positionals;
  if (!project || !tag || positionals.length > 2)
    throw new UsageError('tag takes a project and a tag name');
  const ids = parseIds(values);
  if ((ids === undefined) === (values.where === undefined)) {
    throw new UsageError('tag takes either --ids, --ids-file or --where');
  }
  const target = {
    tag,
    ...(ids ? { ids } : { where: values.where as string }),
    ...(values.run ? { run: values.run } : {}),
  };
  return withProject(project, io, async (service) => {
    if (values.remove) {
      const r = await service.call('tags.remove', target);
      io.out(`Removed "${tag}" from ${r.removed} examples.`);
    } else {
      const r = await service.call('tags.apply', target);
      io.out(`Tagged ${r.added} examples "${tag}"${r.created ? ' (new tag)' : ''}.`);
    }
    return 0;
  });
}

/** headroom tags P [list | rename OLD NEW | merge FROM INTO | delete NAME | restore NAME] */
export async function cmdTags(args: string[], io: CliIo): Promise<number> {
  const [project, action = 'list', a, b] = args;
  if (!project) throw new UsageError('tags takes a project');
  return withProject(project, io, async (service) => {
    switch (action) {
      case 'list': {
        const r = await service.call('tags.list', {});
        io.out(
          r.tags.length === 0 ? '(no tags)' : r.tags.map((t) => `${t.name}\t${t.n}`).join('\n'),
        );
        if (r.trash.length > 0) io.out(`In the trash: ${r.trash.map((t) => t.name).join(', ')}`);
        return 0;
      }
      case 'rename':
        if (!a || !b) throw new UsageError('tags rename takes OLD NEW');
        await service.call('tags.rename', { from: a, to: b });
        io.out(`Renamed "${a}" to "${b}".`);
        return 0;
      case 'merge': {
        if (!a || !b) throw new UsageError('tags merge takes FROM INTO');
        const r = await service.call('tags.merge', { from: a, into: b });
        io.out(`Merged "${a}" into "${b}" (${r.moved} examples added); "${a}" is in the trash.`);
        return 0;
      }
      case 'delete':
      case 'restore':
        if (!a) throw new UsageError(`tags ${action} takes a tag name`);
        await service.call(action === 'delete' ? 'tags.delete' : 'tags.restore', { tag: a });
        io.out(
          action === 'delete'
            ? `"${a}" is in the trash (tags restore to undo).`
            : `Restored "${a}".`,
        );
        return 0;
      default:
        throw new UsageError(`unknown tags action "${action}"`);
    }
  });
}

/** headroom rule add P NAME EXPR | rule list P | rule delete P NAME */
export async function cmdRule(args: string[], io: CliIo): Promise<number> {
  const [action, project, name, expression] = args;
  if (!action || !project) throw new UsageError('rule takes add, list or delete, then a project');
  return withProject(project, io, async (service) => {
    if (action === 'add') {
      if (!name || !expression)
        throw new UsageError('rule add takes a project, a NAME and an EXPRESSION');
      const r = await service.call('rules.add', { name, expression });
      io.out(`Rule "${name}" saved: ${r.n} examples match.`);
    } else if (action === 'list') {
      const r = await service.call('rules.list', {});
      io.out(
        r.rules.length === 0
          ? '(no rules)'
          : r.rules.map((x) => `${x.name}\t${x.expression}`).join('\n'),
      );
    } else if (action === 'delete') {
      if (!name) throw new UsageError('rule delete takes a project and a NAME');
      await service.call('rules.delete', { name });
      io.out(`Rule "${name}" deleted.`);
    } else throw new UsageError(`unknown rule action "${action}"`);
    return 0;
  });
}

function fraction(text: string, what: string): number {
  const pct = text.endsWith('%');
  const x = Number(pct ? text.slice(0, -1) : text);
  const v = pct ? x / 100 : x;
  if (!Number.isFinite(v) || v < 0 || v > 1)
    throw new UsageError(`${what} is a fraction in [0, 1] or a percentage`);
  return v;
}

/** headroom hlp set P SLICE VALUE [--source S] [--n N] | hlp clear P SLICE */
export async function cmdHlp(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' }, n: { type: 'string' }, run: { type: 'string' } },
  });
  const [action, project, slice, value] = positionals;
  if (!project || !slice || (action !== 'set' && action !== 'clear')) {
    throw new UsageError('hlp takes set P SLICE VALUE or clear P SLICE');
  }
  let hlp = null;
  if (action === 'set') {
    if (value === undefined) throw new UsageError('hlp set takes a VALUE (0.93 or 93%)');
    const n = values.n === undefined ? null : Number(values.n);
    if (n !== null && (!Number.isInteger(n) || n < 1))
      throw new UsageError('--n takes a whole number >= 1');
    hlp = { value: fraction(value, 'the HLP'), n, source: values.source ?? 'entered' };
  }
  return withProject(project, io, async (service) => {
    const r = await service.call('slices.settings', {
      slice,
      hlp,
      ...(values.run ? { run: values.run } : {}),
    });
    io.out(
      hlp
        ? `HLP of "${r.name}" set to ${(hlp.value * 100).toFixed(2)}%.`
        : `HLP of "${r.name}" cleared.`,
    );
    return 0;
  });
}

/** headroom weight P SLICE [--ease E] [--importance I] */
export async function cmdWeight(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ease: { type: 'string' }, importance: { type: 'string' }, run: { type: 'string' } },
  });
  const [project, slice] = positionals;
  if (!project || !slice) throw new UsageError('weight takes a project and a slice');
  const num = (s: string | undefined, what: string) => {
    if (s === undefined) return undefined;
    const v = Number(s);
    if (!Number.isFinite(v) || v < 0) throw new UsageError(`${what} is a number >= 0`);
    return v;
  };
  const ease = num(values.ease, '--ease');
  const importance = num(values.importance, '--importance');
  if (ease === undefined && importance === undefined)
    throw new UsageError('weight takes --ease and/or --importance');
  return withProject(project, io, async (service) => {
    const r = await service.call('slices.settings', {
      slice,
      ...(ease !== undefined ? { ease } : {}),
      ...(importance !== undefined ? { importance } : {}),
      ...(values.run ? { run: values.run } : {}),
    });
    io.out(
      `"${r.name}": ${ease !== undefined ? `ease ${ease} ` : ''}${importance !== undefined ? `importance ${importance}` : ''}`.trim(),
    );
    return 0;
  });
}

/** headroom share set P SLICE VALUE | share clear P SLICE */
export async function cmdShare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { run: { type: 'string' } },
  });
  const [action, project, slice, value] = positionals;
  if (!project || !slice || (action !== 'set' && action !== 'clear')) {
    throw new UsageError('share takes set P SLICE VALUE or clear P SLICE');
  }
  let share: number | null = null;
  if (action === 'set') {
    if (value === undefined) throw new UsageError('share set takes a VALUE (0.2 or 20%)');
    share = fraction(value, 'the share');
  }
  return withProject(project, io, async (service) => {
    const r = await service.call('slices.settings', {
      slice,
      share,
      ...(values.run ? { run: values.run } : {}),
    });
    io.out(
      share === null
        ? `Share of "${r.name}" is measured again (n / N).`
        : `Share of "${r.name}" set to ${(share * 100).toFixed(2)}% (expected in production).`,
    );
    return 0;
  });
}

/** headroom target set P SLICE VALUE [--source S] [--n N] | target clear P SLICE (SLICE may be all) */
export async function cmdTarget(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' }, n: { type: 'string' } },
  });
  const [action, project, slice, value] = positionals;
  if (!project || !slice || (action !== 'set' && action !== 'clear')) {
    throw new UsageError('target takes set P SLICE VALUE or clear P SLICE');
  }
  return withProject(project, io, async (service) => {
    if (action === 'clear') {
      const r = await service.call('baselines.clearTarget', { slice });
      io.out(r.cleared ? `Target of "${r.name}" cleared.` : `"${r.name}" had no target.`);
      return 0;
    }
    if (value === undefined) throw new UsageError('target set takes a VALUE (0.93 or 93%)');
    const n = values.n === undefined ? null : Number(values.n);
    if (n !== null && (!Number.isInteger(n) || n < 1))
      throw new UsageError('--n takes a whole number >= 1');
    const v = fraction(value, 'the target');
    const r = await service.call('baselines.setTarget', {
      slice,
      value: v,
      n,
      ...(values.source !== undefined ? { source: values.source } : {}),
    });
    io.out(`Target of "${r.name}" set to ${(v * 100).toFixed(2)}%.`);
    return 0;
  });
}

/** headroom require P SCOPE TEXT [--source S] | require clear P SCOPE (SCOPE: slice, all, COLUMN=*) */
export async function cmdRequire(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { source: { type: 'string' } },
  });
  if (positionals[0] === 'clear') {
    const [, project, scope] = positionals;
    if (!project || !scope || positionals.length > 3)
      throw new UsageError('require clear takes P SCOPE');
    return withProject(project, io, async (service) => {
      const r = await service.call('baselines.clearRequirement', { scope });
      io.out(r.cleared ? `Requirement of ${r.name} cleared.` : `${r.name} had no requirement.`);
      return 0;
    });
  }
  const [project, scope, text] = positionals;
  if (!project || !scope || !text || positionals.length > 3) {
    throw new UsageError(
      'require takes P SCOPE ">= 0.9" (or ">= overall - 0.02"), or clear P SCOPE',
    );
  }
  return withProject(project, io, async (service) => {
    const r = await service.call('baselines.setRequirement', {
      scope,
      text,
      ...(values.source !== undefined ? { source: values.source } : {}),
    });
    io.out(`Requirement of ${r.name}: ${text}.`);
    return 0;
  });
}

/** headroom reference set P hlp|best|target|run:NAME | reference clear P */
export async function cmdReference(args: string[], io: CliIo): Promise<number> {
  const [action, project, ref] = args;
  if (
    !project ||
    (action !== 'set' && action !== 'clear') ||
    args.length > (action === 'set' ? 3 : 2)
  ) {
    throw new UsageError('reference takes set P hlp|best|target|run:NAME or clear P');
  }
  const reference = action === 'set' ? referenceOption(ref, 'reference set') : null;
  return withProject(project, io, async (service) => {
    const r = await service.call('baselines.setReference', { reference });
    io.out(
      r.reference === null
        ? 'Reference cleared: hlp where there are human data, else best.'
        : `Reference set to ${r.reference}.`,
    );
    return 0;
  });
}

/** headroom bins P COLUMN N|default: the number of quantile bins of a numeric column. */
export async function cmdBins(args: string[], io: CliIo): Promise<number> {
  const [project, column, count] = args;
  if (!project || !column || !count || args.length > 3) {
    throw new UsageError('bins takes a project, a numeric column and a count 2..20 or default');
  }
  const bins = count === 'default' ? null : Number(count);
  if (bins !== null && (!Number.isInteger(bins) || bins < 2 || bins > 20)) {
    throw new UsageError(
      `bins: the count must be a whole number 2..20 or default (got "${count}")`,
    );
  }
  return withProject(project, io, async (service) => {
    const r = await service.call('slices.bins', { column, bins });
    const what = r.bins === null ? 'the default bins' : `${r.bins} bins`;
    io.out(r.changed ? `${column} now has ${what}.` : `${column} already had ${what}.`);
    return 0;
  });
}
