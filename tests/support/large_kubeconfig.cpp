#include "large_kubeconfig.h"

namespace kubestrap::test {

QByteArray largeKubeconfig(int contexts)
{
    // Base64 of certificate-sized blobs; the content does not matter to the loader.
    const QByteArray ca = QByteArray(600, 'c').toBase64();
    const QByteArray cert = QByteArray(550, 'x').toBase64();
    const QByteArray key = QByteArray(240, 'k').toBase64();
    QByteArray clusters = "clusters:\n";
    QByteArray users = "users:\n";
    QByteArray list = "contexts:\n";
    for (int i = 0; i < contexts; ++i) {
        const QByteArray n = QByteArray::number(i);
        clusters += "- name: cluster-" + n + "\n  cluster:\n    certificate-authority-data: " + ca
                    + "\n    server: https://10." + QByteArray::number(i / 250) + "."
                    + QByteArray::number(i % 250) + ".1:6443\n";
        users += "- name: admin-" + n + "\n  user:\n    client-certificate-data: " + cert
                 + "\n    client-key-data: " + key + "\n";
        list += "- name: ctx-" + n + "\n  context:\n    cluster: cluster-" + n
                + "\n    user: admin-" + n + "\n    namespace: team-" + QByteArray::number(i % 40)
                + "\n";
    }
    return "apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\npreferences: {}\n" + clusters
           + users + list;
}

} // namespace kubestrap::test
