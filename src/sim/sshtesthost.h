#pragma once

#include "core/result.h"

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace gpufailover {

// A real OpenSSH server standing in for a rented machine, for integration tests and demos that
// want real SSH, rsync and restic. Each host runs in its own PID and mount namespace, so:
//  - commands run over SSH see the host's own directory at /workspace (a bind mount);
//  - kill() is one SIGKILL to the namespace's init, which takes every process of the host down;
//  - hang() freezes every process of the host (SIGSTOP), like a wedged machine;
//  - partition() drops its traffic with nftables, like a network cut.
// A fake nvidia-smi on the host's PATH prints what setGpuMode() chose. Needs root (namespaces,
// mounts, nftables); supported() says why not when it cannot run.
class SshTestHost final
{
public:
    struct Options
    {
        QString rootDir; // the host's own files (config, keys, logs); must exist
        QString workspaceDir; // seen as /workspace; empty = rootDir/workspace. Share it to share a volume.
        QStringList authorizedKeys;
        int gpus = 1;
        // Commands the host does not have (a bare image): hidden behind an empty, non-executable file.
        QStringList missingCommands;
        // Root without the capabilities that bypass file permissions, so a chmod 000 file is
        // unreadable to it as it would be to a normal user (the whole host runs without them).
        bool rootObeysPermissions = false;
        // Unprivileged accounts besides root, as a cloud image makes them from its metadata (GCP's
        // ssh-keys): each its own uid, home /home/NAME, no sudo, and these keys in
        // ~/.ssh/authorized_keys (kept with whatever the account added there itself).
        QMap<QString, QStringList> logins;
    };

    static bool supported(QString *why);

    explicit SshTestHost(Options options);
    ~SshTestHost();
    SshTestHost(const SshTestHost &) = delete;
    SshTestHost &operator=(const SshTestHost &) = delete;

    Status start(int timeoutMs = 10000);
    void kill();
    Status hang();
    Status resume();
    Status partition(bool on);
    // healthy, ecc, fallen_off_bus, driver_failure, requires_reset, na, garbage, hang, missing,
    // flap (fails every other call)
    void setGpuMode(const QString &mode);
    // What nvidia-smi reports as utilization.gpu for every GPU (37 % until set).
    void setGpuUtilization(int percent);
    // sshd reads authorized_keys at each login, so this takes effect for the next connection.
    Status setAuthorizedKeys(const QStringList &keys);
    // Restart with a freshly generated host key, on the same port (a replaced machine, or an attacker).
    Status restartWithNewHostKey(int timeoutMs = 10000);

    QString host() const { return QStringLiteral("127.0.0.1"); }
    int port() const { return m_port; }
    QString workspaceDir() const { return m_workspace; }
    bool isRunning() const;
    QList<qint64> pids() const;

private:
    Status writeFiles(bool newHostKey);
    Status writeLogins();
    qint64 namespaceInit() const;

    Options m_options;
    QString m_workspace;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
    bool m_partitioned = false;
    bool m_hung = false;
};

} // namespace gpufailover
