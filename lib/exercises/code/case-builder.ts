import type { Visibility } from '../../grading/results';
import type { CaseCheck, CheckKind, CodeCase, Step, Value } from './types';

// Builds a case step by step: each step returns its index so checks can refer to it.
export class CaseBuilder {
  private steps: Step[] = [];
  private checks: CaseCheck[] = [];

  constructor(
    private id: string,
    private title: string,
    private visibility: Visibility,
  ) {}

  construct(className: string, ...args: Value[]): number {
    return this.push({ op: 'new', className, args });
  }

  call(method: string, ...args: unknown[]): number {
    return this.push({ op: 'call', method, args: args as Value[] });
  }

  fn(name: string, ...args: unknown[]): number {
    return this.push({ op: 'fn', name, args: args as Value[] });
  }

  get(attr: string): number {
    return this.push({ op: 'get', attr });
  }

  set(attr: string, value: unknown): number {
    return this.push({ op: 'set', attr, value: value as Value });
  }

  check(step: number, kind: CheckKind, name: string, points: number, hint?: string): this {
    this.checks.push({ name, points, step, kind, hint });
    return this;
  }

  build(): CodeCase {
    return { id: this.id, title: this.title, visibility: this.visibility, steps: this.steps, checks: this.checks };
  }

  private push(step: Step): number {
    this.steps.push(step);
    return this.steps.length - 1;
  }
}
