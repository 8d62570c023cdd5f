import { assertNever } from '../../common/index.js';

import { DEFAULT_FSM_CONFIG } from './config.js';
import type { FsmEvent } from './events.js';
import type { FsmState } from './fsm-state.js';
import { noJitter } from './jitter.js';
import { active } from './state-active.js';
import { connect } from './state-connect.js';
import { established } from './state-established.js';
import { idle } from './state-idle.js';
import { openConfirm } from './state-open-confirm.js';
import { openSent } from './state-open-sent.js';
import type { ResolvedContext, StepContext, Transition } from './transition.js';

/**
 * The BGP finite state machine of RFC 4271 §8 as a pure function: the next state and the actions the
 * driver must perform, in order. Switches on the state here, then on the event in each state's file, so
 * each file reads beside its subsection of §8.2.2. Deviations from the RFC text are commented where made.
 * Pure: the same state, event and context always give the same result (inject `random` for jitter).
 */
export function step(state: FsmState, event: FsmEvent, ctx: StepContext = {}): Transition {
  const resolved: ResolvedContext = {
    config: ctx.config ?? DEFAULT_FSM_CONFIG,
    random: ctx.random ?? noJitter,
  };
  switch (state.bgpState) {
    case 'Idle':
      return idle(state, event, resolved);
    case 'Connect':
      return connect(state, event, resolved);
    case 'Active':
      return active(state, event, resolved);
    case 'OpenSent':
      return openSent(state, event, resolved);
    case 'OpenConfirm':
      return openConfirm(state, event, resolved);
    case 'Established':
      return established(state, event, resolved);
    default:
      return assertNever(state.bgpState, 'BGP state');
  }
}
