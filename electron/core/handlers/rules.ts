import { pickRun } from '../analysis/analysis-index.ts';
import { addRule, deleteRule, listRules, positionsWhere } from '../analysis/rules-store.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function ruleHandlers(
  state: ServiceState,
): HandlerGroup<'rules.add' | 'rules.list' | 'rules.delete'> {
  return {
    async 'rules.add'({ name, expression }) {
      const p = current(state);
      const rule = addRule(p.db, name, expression);
      p.reloadRules();
      p.edited();
      state.emit('project.changed', { path: p.path, what: 'all' });
      const n = positionsWhere(p.db, expression, pickRun(p.db).id).length;
      return { ...rule, n };
    },
    async 'rules.list'() {
      return { rules: listRules(current(state).db) };
    },
    async 'rules.delete'({ name }) {
      const p = current(state);
      deleteRule(p.db, name);
      p.reloadRules();
      p.edited();
      state.emit('project.changed', { path: p.path, what: 'all' });
      return {};
    },
  };
}
