// Publishes this node's VTEP (VXLAN) and WireGuard public key on its Node once a pool asks for them,
// after the address write-back (which creates the Node). Retried with backoff on failure; each apply of
// the encapsulation stage asks again, and a want once published stays published.
import { errorMessage, type Logger } from '../../../common/index.js';
import type { Backend } from '../../../datastore/index.js';
import { Backoff } from '../../../routing/routetable/index.js';
import type { EncapInputs } from './encap-inputs.js';
import { writeBackEncap, type EncapWants } from './encap-writeback.js';

export interface EncapPublisherOptions {
  readonly nodeName: string;
  /** Undefined with typha and no etcd endpoints for writes: nothing can be published. */
  readonly backend: Backend | undefined;
  readonly wireguardKeyFile: string;
  readonly log: Logger;
  /** The address write-back, once started (undefined before: publishing waits for it). */
  readonly addressWriteBack: () => Promise<void> | undefined;
}

export class EncapPublisher {
  private published: EncapWants = { vxlan: false, wireguard: false };
  private publishing = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly backoff = new Backoff();
  private closed = false;

  constructor(private readonly options: EncapPublisherOptions) {}

  publish(inputs: EncapInputs): void {
    const wants = {
      vxlan: inputs.wantVxlan || this.published.vxlan,
      wireguard: inputs.wantWireguard || this.published.wireguard,
    };
    const missing = (wants.vxlan && !this.published.vxlan) || (wants.wireguard && !this.published.wireguard);
    const { backend, log, nodeName, wireguardKeyFile } = this.options;
    const addressWriteBack = this.options.addressWriteBack();
    if (!missing || this.publishing || this.closed || addressWriteBack === undefined) return;
    if (backend === undefined) {
      log.warn('no writable datastore (typha without etcd endpoints): VTEP and WireGuard key not published');
      this.published = wants;
      return;
    }
    this.publishing = true;
    void addressWriteBack
      .then(() => writeBackEncap(backend, nodeName, wants, wireguardKeyFile, log))
      .then(
        () => {
          this.published = wants;
          this.failures = 0;
        },
        (error: unknown) => {
          this.failures++;
          const retryInMs = this.backoff.delayMs(this.failures);
          log.error('publishing VTEP / WireGuard key failed; retrying', {
            error: errorMessage(error),
            retryInMs,
          });
          if (!this.closed) this.retry = setTimeout(() => this.publish(inputs), retryInMs);
        },
      )
      .finally(() => {
        this.publishing = false;
      });
  }

  close(): void {
    this.closed = true;
    if (this.retry !== undefined) clearTimeout(this.retry);
  }
}
