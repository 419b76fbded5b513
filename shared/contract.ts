import { z } from 'zod';
import { runComparisonSchema } from './compare.ts';
import { decisionMarkSchema, decisionSchema } from './decisions.ts';
import { discoverySchema } from './discover.ts';
import { appCommandEventSchema } from './desktop.ts';
import { errorInfoSchema } from './errors.ts';
import {
  confusionSchema,
  exampleDetailSchema,
  exampleFilterSchema,
  examplePageInputSchema,
  examplePageSchema,
  exampleSortSchema,
  exampleViewSchema,
} from './examples.ts';
import {
  columnMapSchema,
  columnMappingSchema,
  fileFormatSchema,
  importProgressSchema,
  importRequestSchema,
  importSummarySchema,
  rowRejectSchema,
} from './imports.ts';
import { planFigureSchema, planSchema } from './plan.ts';
import { projectInfoSchema, schemaUpgradeSchema, tagInfoSchema } from './project.ts';
import { importKindSchema } from './roles.ts';
import { referenceSchema } from './baselines.ts';
import { labelSetSchema, reportSchema } from './report.ts';
import { suspectSchema, suspectSourceSchema, verdictSchema } from './review.ts';
import { settingsPatchSchema } from './slice-settings.ts';

const empty = z.object({}).strict();
const name = z.string().min(1).max(200);
const tagTargetSchema = z
  .object({
    tag: name,
    /** Example ids as in the file, a rule expression, or an errors-browser filter: exactly one. */
    ids: z.array(z.string().max(1000)).max(10_000_000).optional(),
    where: z.string().min(1).max(10_000).optional(),
    filter: exampleFilterSchema.optional(),
    run: z.string().min(1).max(200).optional(),
    labels: labelSetSchema.optional(),
  })
  .strict()
  .refine((v) => [v.ids, v.where, v.filter].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of ids, where or filter',
  });
const path = z.string().min(1).max(4096);

/**
 * Which report is shown: the run, labels, metric, reference and decision threshold. slices.report
 * and slices.export take the same fields, validated the same way, so an export is the table on
 * screen.
 */
const reportViewShape = {
  run: z.string().min(1).max(200).optional(),
  labels: labelSetSchema.optional(),
  /** accuracy (default), score, recall:CLASS or precision:CLASS (analysis.md 8.1). */
  metric: z.string().min(1).max(500).optional(),
  /** What the gap is measured against; default: the project's, else hlp or best (8.3). */
  reference: referenceSchema.optional(),
  /** The positive class (a class with a p_C column): adds average precision per slice (8.1). */
  positive: z.string().min(1).max(500).optional(),
  /** Decision threshold on p(positive) that re-derives predictions; needs positive (8.1). */
  threshold: z.number().min(0).max(1).optional(),
};
const thresholdNeedsPositive = {
  check: (v: { positive?: string | undefined; threshold?: number | undefined }) =>
    v.threshold === undefined || v.positive !== undefined,
  issue: { message: 'a threshold needs a positive class (positive)', path: ['positive'] },
};
const reportViewSchema = z
  .object(reportViewShape)
  .strict()
  .refine(thresholdNeedsPositive.check, thresholdNeedsPositive.issue);

/**
 * Every method the engine offers, with its input and output schemas. The types of both ends come
 * from here: there is no second declaration. Transports (Electron IPC, HTTP, direct calls) carry
 * `{method, input}` and answer with an Envelope.
 */
export const methods = {
  'project.open': {
    input: z.object({ path }).strict(),
    output: projectInfoSchema,
  },
  'project.close': { input: empty, output: empty },
  'project.info': { input: empty, output: projectInfoSchema },
  /** project.info's notices alone (cheap: no figures are computed). */
  'project.notices': { input: empty, output: z.object({ notices: z.array(z.string()) }) },
  /** The runs' names, cheaply (project.info also computes every run's accuracy). */
  'runs.list': {
    input: empty,
    output: z.object({ runs: z.array(z.object({ id: z.number().int(), name: z.string() })) }),
  },
  /** Discovered slices of a run: proposals, nothing is saved (analysis.md section 4). */
  'slices.discover': {
    input: z
      .object({
        run: z.string().min(1).max(200).optional(),
        labels: labelSetSchema.optional(),
        top: z.number().int().min(1).max(200).optional(),
        minSupport: z.number().int().min(1).max(1e9).optional(),
        alpha: z.number().min(0).max(1).optional(),
        maxLevel: z.number().int().min(1).max(3).optional(),
        /** Rank by SliceLine's score (default) or by potential gain against HLP. */
        by: z.enum(['score', 'gain']).optional(),
      })
      .strict(),
    output: discoverySchema,
  },
  /** Two runs on the same examples, per slice (analysis.md section 6). */
  'runs.compare': {
    input: z
      .object({
        a: z.string().min(1).max(200),
        b: z.string().min(1).max(200),
        labels: labelSetSchema.optional(),
      })
      .strict(),
    output: runComparisonSchema,
  },
  /** The first rows of a file and the roles its columns would get. */
  'imports.preview': {
    input: z
      .object({
        file: path,
        kind: importKindSchema.optional(),
        map: columnMapSchema.optional(),
        format: fileFormatSchema.optional(),
        encoding: z.string().max(40).optional(),
        rows: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
    output: z.object({
      format: fileFormatSchema,
      header: z.array(z.string()),
      rows: z.array(z.array(z.string().nullable())),
      mapping: z.array(columnMappingSchema),
      /** A mapping problem to fix before importing, or null. */
      problem: z.string().nullable(),
      /** Where a new project from this file is saved by default (app/default-project-path.ts). */
      suggestedProject: z.string(),
    }),
  },
  /**
   * Runs an import (progress as imports.progress events) and answers with its summary. A project
   * it creates can be discarded (imports.discard) until kept (imports.keep) or the session ends;
   * into an existing project only when `discardable` (a copy of the project is taken first).
   */
  'imports.run': {
    input: importRequestSchema
      .extend({
        jobId: z.string().min(1).max(100).optional(),
        discardable: z.boolean().optional(),
      })
      .strict(),
    output: importSummarySchema,
  },
  /** The import is kept: the copy taken before it is deleted. */
  'imports.keep': {
    input: z.object({ importId: z.number().int().min(1), project: path }).strict(),
    output: empty,
  },
  /**
   * Discards an import of this session, leaving the project exactly as before it: a project the
   * import created is deleted; an existing one is restored from the copy taken before the import.
   * Refused for any other import.
   */
  'imports.discard': {
    input: z.object({ importId: z.number().int().min(1), project: path }).strict(),
    output: z.object({ deleted: z.string().nullable(), restored: z.string().nullable() }),
  },
  /** Cancels a running import by the jobId it was given. */
  'imports.cancel': {
    input: z.object({ jobId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  /**
   * Where an example's media file is: the dataset folder (the examples file's folder, absolute)
   * and the input as stored. The file itself is opened, checked and served by the process that
   * answers the media URL (electron/core/media), never through this contract.
   */
  'media.locate': {
    input: z.object({ id: z.string().min(1).max(1000) }).strict(),
    output: z.object({
      root: z.string().nullable(),
      input: z.string().nullable(),
      /**
       * Why the media URL would refuse this example's file ("the media file does not exist"), or
       * null: the UI shows the reason instead of asking for a file it cannot have.
       */
      problem: z.string().nullable().optional(),
      cache: z.string().nullable(),
      /** Whether `input` names a file under `root` (null: it is no such path). */
      exists: z.boolean().nullable(),
    }),
  },
  'imports.rejects': {
    input: z
      .object({
        importId: z.number().int().min(1),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(10_000).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int(), rejects: z.array(rowRejectSchema) }),
  },
  'slices.report': {
    input: reportViewSchema,
    output: reportSchema,
  },
  'slices.export': {
    input: z
      .object({
        /** As slices.report: the exported table is the one on screen. */
        ...reportViewShape,
        format: z.enum(['md', 'csv', 'json']),
        /** Also save it there (an absolute path: the desktop app's save dialog's choice). */
        path: z.string().min(1).max(4096).optional(),
      })
      .strict()
      .refine(thresholdNeedsPositive.check, thresholdNeedsPositive.issue),
    output: z.object({
      filename: z.string(),
      mime: z.string(),
      text: z.string(),
      savedTo: z.string().optional(),
    }),
  },
  'tags.apply': {
    input: tagTargetSchema,
    output: z.object({ tag: z.string(), added: z.number().int(), created: z.boolean() }),
  },
  'tags.remove': {
    input: tagTargetSchema,
    output: z.object({ tag: z.string(), removed: z.number().int() }),
  },
  'tags.rename': { input: z.object({ from: name, to: name }).strict(), output: empty },
  'tags.merge': {
    input: z.object({ from: name, into: name }).strict(),
    output: z.object({ moved: z.number().int() }),
  },
  'tags.delete': { input: z.object({ tag: name }).strict(), output: empty },
  'tags.restore': { input: z.object({ tag: name }).strict(), output: empty },
  'tags.update': {
    input: z
      .object({
        tag: name,
        color: z.string().max(20).nullable().optional(),
        description: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    output: empty,
  },
  /** Undo and redo of tag edits (each call, however many examples it touched, is one step). */
  'tags.undo': { input: empty, output: z.object({ undone: z.string().nullable() }) },
  'tags.redo': { input: empty, output: z.object({ redone: z.string().nullable() }) },
  'tags.history': {
    input: empty,
    output: z.object({ undo: z.string().nullable(), redo: z.string().nullable() }),
  },
  'tags.list': {
    /** liveOnly: leave the trash out (counting a large trash's members costs a scan). */
    input: z.object({ liveOnly: z.boolean().optional() }).strict(),
    output: z.object({ tags: z.array(tagInfoSchema), trash: z.array(tagInfoSchema) }),
  },
  'rules.add': {
    input: z.object({ name, expression: z.string().min(1).max(10_000) }).strict(),
    output: z.object({
      id: z.number().int(),
      name: z.string(),
      expression: z.string(),
      n: z.number().int(),
    }),
  },
  'rules.list': {
    input: empty,
    output: z.object({
      rules: z.array(z.object({ id: z.number().int(), name: z.string(), expression: z.string() })),
    }),
  },
  'rules.delete': { input: z.object({ name }).strict(), output: empty },
  'slices.settings': {
    input: z
      .object({
        /** A slice id ("tag:3") or its name as the report shows it ("car noise", "device = phone"). */
        slice: z.string().min(1).max(1000),
        run: z.string().min(1).max(200).optional(),
        ...settingsPatchSchema.shape,
        /** Answer with the re-ranked report of this run and labels (saves a round trip). */
        report: labelSetSchema.optional(),
      })
      .strict(),
    output: z.object({ sliceId: z.string(), name: z.string(), report: reportSchema.optional() }),
  },
  /**
   * The number of quantile bins of a numeric column (analysis.md 4): 2..20, or null for the
   * default. One step of the settings undo history; a count equal to the current one is no step.
   * report: answer with the re-ranked report of this run and labels, as slices.settings does.
   */
  'slices.bins': {
    input: z
      .object({
        column: z.string().min(1).max(1000),
        bins: z.number().int().min(2).max(20).nullable(),
        run: z.string().min(1).max(200).optional(),
        report: labelSetSchema.optional(),
      })
      .strict(),
    output: z.object({
      column: z.string(),
      bins: z.number().int().nullable(),
      changed: z.boolean(),
      report: reportSchema.optional(),
    }),
  },
  /** The bin counts set per numeric column (a column not listed has the default, 10). */
  'slices.binCounts': {
    input: empty,
    output: z.object({ counts: z.array(z.object({ column: z.string(), bins: z.number().int() })) }),
  },
  /**
   * Undo and redo of slice settings edits (HLP, ease, importance, share), kept in the project.
   * report: answer with the re-ranked report of this run and labels, as slices.settings does.
   */
  'settings.undo': {
    input: z
      .object({ run: z.string().min(1).max(200).optional(), report: labelSetSchema.optional() })
      .strict(),
    output: z.object({ undone: z.string().nullable(), report: reportSchema.optional() }),
  },
  'settings.redo': {
    input: z
      .object({ run: z.string().min(1).max(200).optional(), report: labelSetSchema.optional() })
      .strict(),
    output: z.object({ redone: z.string().nullable(), report: reportSchema.optional() }),
  },
  'settings.history': {
    input: empty,
    output: z.object({ undo: z.string().nullable(), redo: z.string().nullable() }),
  },
  /**
   * Targets, requirements and the default reference (analysis.md 8.2-8.4), kept in the project.
   * slice: a slice id or its name as the report shows it, or `all`; a requirement's scope may
   * also be `COLUMN=*` (every slice of a metadata column).
   */
  'baselines.setTarget': {
    input: z
      .object({
        slice: z.string().min(1).max(1000),
        value: z.number().min(0).max(1),
        n: z.number().int().min(1).max(1e9).nullable().optional(),
        source: z.string().max(500).optional(),
      })
      .strict(),
    output: z.object({ sliceId: z.string(), name: z.string() }),
  },
  'baselines.clearTarget': {
    input: z.object({ slice: z.string().min(1).max(1000) }).strict(),
    output: z.object({ sliceId: z.string(), name: z.string(), cleared: z.boolean() }),
  },
  'baselines.setRequirement': {
    input: z
      .object({
        scope: z.string().min(1).max(1000),
        /** `>= V` or `>= overall - D` (V, D as 0.9, .9 or 90%). */
        text: z.string().min(1).max(200),
        source: z.string().max(500).optional(),
      })
      .strict(),
    output: z.object({ scope: z.string(), name: z.string() }),
  },
  'baselines.clearRequirement': {
    input: z.object({ scope: z.string().min(1).max(1000) }).strict(),
    output: z.object({ scope: z.string(), name: z.string(), cleared: z.boolean() }),
  },
  /** The project's default reference; null goes back to hlp (with human data) or best. */
  'baselines.setReference': {
    input: z.object({ reference: referenceSchema.nullable() }).strict(),
    output: z.object({ reference: referenceSchema.nullable() }),
  },
  'suspects.list': {
    input: z
      .object({
        run: z.string().min(1).max(200).optional(),
        source: suspectSourceSchema.optional(),
        top: z.number().int().min(1).max(1_000_000).optional(),
        /** Leave out examples that already have a verdict (the review queue). */
        unreviewed: z.boolean().optional(),
        /** Only examples of this slice (an id from the report, e.g. "class:cat", "tag:3"). */
        slice: z.string().min(1).max(1000).optional(),
      })
      .strict(),
    output: z.object({
      source: suspectSourceSchema,
      suspects: z.array(suspectSchema),
    }),
  },
  // examples: the errors browser
  'examples.page': { input: examplePageInputSchema, output: examplePageSchema },
  'examples.count': { input: exampleViewSchema, output: z.object({ total: z.number().int() }) },
  'examples.get': {
    input: z
      .object({
        id: z.string().min(1).max(1000),
        run: z.string().min(1).max(200).optional(),
        labels: labelSetSchema.optional(),
      })
      .strict(),
    output: exampleDetailSchema,
  },
  'examples.confusion': { input: exampleViewSchema, output: confusionSchema },
  /** The filtered examples as CSV (id, input, label, prediction(s), correct, confidence). */
  'examples.export': {
    input: exampleViewSchema.extend({
      sort: exampleSortSchema.default({ key: 'pos', dir: 'asc' }),
      /** Also save it there (an absolute path: the desktop app's save dialog's choice). */
      path: z.string().min(1).max(4096).optional(),
    }),
    output: z.object({
      filename: z.string(),
      mime: z.string(),
      text: z.string(),
      rows: z.number(),
      savedTo: z.string().optional(),
    }),
  },
  'review.verdict': {
    input: z
      .object({
        id: z.string().min(1).max(1000),
        verdict: verdictSchema,
        correctedLabel: z.string().min(1).max(1000).optional(),
        reviewer: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ verdictId: z.number().int() }),
  },
  'review.undo': {
    input: z
      .object({
        verdictId: z.number().int().min(1).optional(),
        reviewer: z.string().max(200).optional(),
      })
      .strict(),
    output: z.object({ undone: z.number().int() }),
  },
  'review.current': {
    input: empty,
    output: z.object({
      verdicts: z.array(
        z.object({
          verdictId: z.number().int(),
          id: z.string(),
          label: z.string(),
          verdict: verdictSchema,
          correctedLabel: z.string().nullable(),
          reviewer: z.string().nullable(),
          at: z.string(),
        }),
      ),
    }),
  },
  // decisions: the leads' decisions log (issue #17)
  /** Records a decision on a slice with its figures in `run` (default: the latest run) now. */
  'decisions.add': {
    input: z
      .object({
        slice: z.string().min(1).max(1000),
        owner: z.string().trim().min(1).max(200),
        why: z.string().trim().min(1).max(10_000),
        due: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
          .optional(),
        /** A fraction of all examples, like potential_gain. */
        expectedGain: z.number().min(0).max(1).optional(),
        run: z.string().min(1).max(200).optional(),
        labels: labelSetSchema.optional(),
      })
      .strict(),
    output: z.object({ decision: decisionSchema }),
  },
  /** Every decision, then versus now in `run` (default: the latest run). */
  'decisions.list': {
    input: z
      .object({ run: z.string().min(1).max(200).optional(), labels: labelSetSchema.optional() })
      .strict(),
    output: z.object({ run: z.string().nullable(), decisions: z.array(decisionSchema) }),
  },
  /** The open decisions only, for the dashboard's marks: no figures, no run compared. */
  'decisions.open': {
    input: empty,
    output: z.object({ decisions: z.array(decisionMarkSchema) }),
  },
  /** Closes an open decision (a new event: the log is never edited). */
  'decisions.close': {
    input: z
      .object({
        id: z.string().regex(/^[1-9]\d{0,15}$/, 'a decision id (a whole number)'),
        why: z.string().trim().min(1).max(10_000).optional(),
      })
      .strict(),
    output: z.object({ id: z.string(), slice: z.string() }),
  },
  /**
   * How many more examples a slice needs (analysis.md section 9), planned from its figures in
   * `run` (default: the report's, the first run). halfWidth: the target half-width of the 95%
   * interval (a fraction; not for gap_vs_zero).
   */
  'plan.slice': {
    input: z
      .object({
        slice: z.string().min(1).max(1000),
        figure: planFigureSchema,
        halfWidth: z.number().gt(0).lte(0.5).optional(),
        assurance: z.number().gte(0.5).lt(1).optional(),
        run: z.string().min(1).max(200).optional(),
        labels: labelSetSchema.optional(),
      })
      .strict(),
    output: planSchema,
  },
  /**
   * The planning memo (HTML or Markdown) of `run` (default: the latest run): the report, the
   * decisions then versus now in that run, the label review's counts.
   */
  'memo.build': {
    input: z
      .object({
        format: z.enum(['html', 'md']),
        run: z.string().min(1).max(200).optional(),
        labels: labelSetSchema.optional(),
        /** Slices in the memo's table of top slices. */
        top: z.number().int().min(1).max(30).optional(),
        /** Also save it there (an absolute path: the desktop app's save dialog's choice). */
        path: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    output: z.object({
      filename: z.string(),
      mime: z.string(),
      text: z.string(),
      savedTo: z.string().optional(),
    }),
  },
  // app: start screen
  'app.recent': {
    input: empty,
    output: z.object({
      projects: z.array(z.object({ path: z.string(), name: z.string(), modified: z.string() })),
    }),
  },
  'app.forgetRecent': { input: z.object({ path }).strict(), output: empty },
  /** Writes the bundled sample (cached), imports it into a project in the config folder, opens it. */
  'app.openSample': { input: empty, output: projectInfoSchema },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodArgs<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

/** Push events from the engine: progress of long jobs, and changes other views must refetch. */
export const events = {
  'imports.progress': importProgressSchema,
  /** The recent projects changed (the desktop menu's Open Recent follows). */
  'app.recentChanged': z.object({}),
  /**
   * Desktop app: the data engine's process ended unexpectedly and a new one was started. Calls
   * in flight failed with HOST_EXITED; nothing is open in the new engine.
   */
  'app.hostRestarted': z.object({
    exitCode: z.number().int().nullable(),
    failedCalls: z.number().int(),
    restarts: z.number().int(),
  }),
  // app: menu commands of the desktop shell (shared/desktop.ts)
  'app.command': appCommandEventSchema,
  /**
   * An old project file is being upgraded, and the upgrade rewrites data in full (a one-time wait
   * that grows with the project: 26 s for 10M rows). Sent before it starts.
   */
  'project.upgrading': schemaUpgradeSchema,
  'project.changed': z.object({
    path: z.string(),
    /** What changed, so views refetch only what depends on it ('settings': HLP, ease, importance). */
    what: z.enum(['examples', 'runs', 'humans', 'tags', 'settings', 'decisions', 'all']),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
/**
 * An event as every transport carries it to the page (Electron IPC, the browser mode's
 * WebSocket): the name and its payload, the payload typed by the name.
 */
export type EventMessage = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
export function eventMessage<E extends EventName>(
  event: E,
  payload: EventPayload<E>,
): EventMessage {
  // TypeScript cannot pair a generic E with its member of the union: the signature does.
  return { event, payload } as EventMessage;
}

export type Envelope<T> =
  { ok: true; value: T } | { ok: false; error: z.infer<typeof errorInfoSchema> };

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}
