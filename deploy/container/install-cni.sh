#!/bin/sh
# The DaemonSet's install-cni step: puts twill-cni on the host (Node.js and the built app under
# /opt/twill, a launcher in /opt/cni/bin), a kubeconfig with twill-node's service account token, and
# the network configuration list, last, so the kubelet never sees a configuration before its plugin.
# Paths are settable so deploy/manifests.test.ts can run it for real into a scratch folder.
set -eu
host=${TWILL_INSTALL_HOST_ROOT:-/host}
host_twill=$host/opt/twill
cni_bin=$host/opt/cni/bin
cni_net=$host/etc/cni/net.d
# Where the host itself sees /opt/twill (the launcher runs on the host, not in this container).
twill_on_host=${TWILL_INSTALL_HOST_VIEW:-/opt/twill}
app=${TWILL_INSTALL_APP:-/opt/twill/app}
config=${TWILL_INSTALL_CONFIG:-/etc/twill/config}
sa=${TWILL_INSTALL_SERVICE_ACCOUNT:-/var/run/secrets/kubernetes.io/serviceaccount}

mkdir -p "$host_twill" "$cni_bin" "$cni_net"
# Copy into a new folder, then swap: a CNI call running during an upgrade sees the old tree or the new.
rm -rf "$host_twill/app.new" && cp -a "$app" "$host_twill/app.new"
cp "$(command -v node)" "$host_twill/node.new"
rm -rf "$host_twill/app.old" && { [ ! -e "$host_twill/app" ] || mv "$host_twill/app" "$host_twill/app.old"; }
mv "$host_twill/app.new" "$host_twill/app" && mv "$host_twill/node.new" "$host_twill/node"
rm -rf "$host_twill/app.old"

cat > "$cni_bin/twill-cni.new" <<LAUNCHER
#!/bin/sh
exec $twill_on_host/node --no-opt $twill_on_host/app/dist/daemon/cni/main.js "\$@"
LAUNCHER
chmod 755 "$cni_bin/twill-cni.new" && mv "$cni_bin/twill-cni.new" "$cni_bin/twill-cni"

umask 077
cat > "$cni_net/twill-kubeconfig.new" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: local
    cluster:
      server: https://${KUBERNETES_SERVICE_HOST}:${KUBERNETES_SERVICE_PORT}
      certificate-authority-data: $(base64 -w0 < "$sa/ca.crt")
users:
  - name: twill-cni
    user:
      token: $(cat "$sa/token")
contexts:
  - name: twill-cni
    context: { cluster: local, user: twill-cni }
current-context: twill-cni
KUBECONFIG
mv "$cni_net/twill-kubeconfig.new" "$cni_net/twill-kubeconfig"

umask 022
cp "$config/10-twill.conflist" "$cni_net/10-twill.conflist.new"
mv "$cni_net/10-twill.conflist.new" "$cni_net/10-twill.conflist"
echo "install-cni: twill-cni installed on ${NODE_NAME:-this node}"
