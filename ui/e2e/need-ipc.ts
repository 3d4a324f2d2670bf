// The needs commands of the IPC mock (see ipc-mock.ts): each answered by the
// in-memory MockBackend's shape-only needs part, with argument names checked
// against need-tauri.ts.

import type { MockBackend } from '../src/api/mock'
import { NEED_COMMANDS as C } from '../src/api/need-tauri'

type Args = Record<string, unknown>
type Arg = <T>(args: Args, name: string) => T

export function needHandlers(backend: MockBackend, arg: Arg): Record<string, (a: Args) => unknown> {
  const n = backend.needs
  return {
    [C.vocabulary]: () => n.vocabulary(),
    [C.list]: (a) => n.list(arg(a, 'query')),
    [C.show]: (a) => n.show(arg(a, 'key')),
    [C.add]: (a) => n.add(arg(a, 'form')),
    [C.step]: (a) => n.step(arg(a, 'key'), arg(a, 'form')),
    [C.track]: (a) => n.track(arg(a, 'code')),
    [C.receipt]: (a) => n.receipt(arg(a, 'key')),
    [C.ofHousehold]: (a) => n.ofHousehold(arg(a, 'householdId')),
    [C.visitAdd]: (a) => n.visitAdd(arg(a, 'householdId'), arg(a, 'input')),
    [C.export]: (a) => n.export(arg(a, 'path'), arg(a, 'query'), arg(a, 'public')),
    [C.people]: () => n.people(),
    [C.personAdd]: (a) => n.personAdd(arg(a, 'form')),
  }
}
