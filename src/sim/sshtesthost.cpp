#include "sim/sshtesthost.h"

#include "sim/simlogging.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gpufailover {
namespace {

Error hostError(const QString &msg)
{
    return Error { QStringLiteral("test_host"), msg };
}

int freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

bool runQuiet(const QString &program, const QStringList &args, QString *err = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (err)
            *err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        return false;
    }
    return true;
}

// "pid:[4026532178]"; QFile::symLinkTarget would resolve it as a path relative to each process.
QString nsOf(qint64 pid)
{
    char buf[64] = {};
    const QByteArray link = QStringLiteral("/proc/%1/ns/pid").arg(pid).toLatin1();
    const ssize_t n = ::readlink(link.constData(), buf, sizeof buf - 1);
    return n > 0 ? QString::fromLatin1(buf, int(n)) : QString();
}

// Whether a process has taken its SIGSTOP (state T in /proc/PID/stat), or is gone.
bool isStopped(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return true;
    const QByteArray stat = f.readAll();
    const qsizetype close = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
    if (close < 0 || close + 2 >= stat.size())
        return true;
    const char state = stat.at(close + 2);
    return state == 'T' || state == 't' || state == 'Z' || state == 'X';
}

// The fake nvidia-smi: prints canned output for the mode written in gpu.mode.
QByteArray fakeNvidiaSmi(const QString &modeFile, const QString &counterFile, const QString &utilizationFile, int gpus)
{
    QByteArray rows;
    for (int i = 0; i < gpus; ++i)
        rows += "  echo \"" + QByteArray::number(i) + ", NVIDIA GeForce RTX 4090, $UTIL, 1024, 24564, 45, $ECC\"\n";
    return "#!/bin/sh\n"
           "MODE=$(cat '"
        + modeFile.toUtf8()
        + "' 2>/dev/null || echo healthy)\n"
          "UTIL=$(cat '"
        + utilizationFile.toUtf8()
        + "' 2>/dev/null || echo 37)\n"
          "ECC=0\n"
          "case \"$MODE\" in\n"
          "healthy) ;;\n"
          "ecc) ECC=12 ;;\n"
          "fallen_off_bus) echo 'Unable to determine the device handle for GPU0000:01:00.0: Unknown Error'; echo 'GPU "
          "has fallen off the bus.' >&2; exit 15 ;;\n"
          "driver_failure) echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make "
          "sure that the latest NVIDIA driver is installed and running.\"; exit 9 ;;\n"
          "requires_reset) echo '0, NVIDIA GeForce RTX 4090, [GPU requires reset], [GPU requires reset], 24564, [GPU "
          "requires reset], [N/A]'; exit 0 ;;\n"
          "na) echo '0, NVIDIA A100-SXM4-80GB, [N/A], [N/A], 81920, [N/A], [N/A]'; exit 0 ;;\n"
          "garbage) echo '%%%% this is not csv ((('; exit 0 ;;\n"
          "hang) exec sleep 3600 ;;\n"
          "missing) echo 'bash: nvidia-smi: command not found' >&2; exit 127 ;;\n"
          "flap) C=$(cat '"
        + counterFile.toUtf8() + "' 2>/dev/null || echo 0); echo $((C+1)) > '" + counterFile.toUtf8()
        + "'; "
          "if [ $((C % 2)) -eq 0 ]; then echo 'GPU has fallen off the bus.'; exit 15; fi ;;\n"
          "esac\n"
          "if [ \"$1\" != \"--query-gpu\" ] && [ \"${1%%=*}\" != \"--query-gpu\" ]; then echo 'NVIDIA-SMI 570.124.04'; "
          "exit 0; fi\n"
        + rows + "exit 0\n";
}

} // namespace

bool SshTestHost::supported(QString *why)
{
    const auto fail = [&](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (::geteuid() != 0)
        return fail(QStringLiteral("needs root (mount and PID namespaces, nftables); CI runs as root"));
    for (const char *tool : { "unshare", "ssh-keygen", "nft" }) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty()
            && QStandardPaths::findExecutable(
                QString::fromLatin1(tool), { QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") })
                   .isEmpty())
            return fail(QStringLiteral("%1 is not installed (scripts/setup-deps.sh installs it)")
                            .arg(QString::fromLatin1(tool)));
    }
    if (!QFile::exists(QStringLiteral("/usr/sbin/sshd")))
        return fail(QStringLiteral("/usr/sbin/sshd is not installed (openssh-server)"));
    return true;
}

SshTestHost::SshTestHost(Options options)
    : m_options(std::move(options))
    , m_workspace(m_options.workspaceDir.isEmpty() ? QDir(m_options.rootDir).filePath(QStringLiteral("workspace"))
                                                   : m_options.workspaceDir)
{ }

SshTestHost::~SshTestHost()
{
    if (m_partitioned)
        partition(false);
    kill();
}

Status SshTestHost::writeFiles(bool newHostKey)
{
    const QDir dir(m_options.rootDir);
    if (!QDir().mkpath(m_workspace) || !dir.mkpath(QStringLiteral("bin")) || !QDir().mkpath(QStringLiteral("/run/sshd"))
        || !QDir().mkpath(QStringLiteral("/workspace")))
        return hostError(QStringLiteral("cannot create the directories of %1").arg(dir.path()));
    const QString hostKey = dir.filePath(QStringLiteral("host_ed25519"));
    if (newHostKey || !QFile::exists(hostKey)) {
        QFile::remove(hostKey);
        QFile::remove(hostKey + QStringLiteral(".pub"));
        QString err;
        if (!runQuiet(QStringLiteral("ssh-keygen"),
                { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                    QString(), QStringLiteral("-f"), hostKey },
                &err))
            return hostError(QStringLiteral("ssh-keygen failed: %1").arg(err));
    }
    if (Status s = setAuthorizedKeys(m_options.authorizedKeys); !s)
        return s;
    if (Status s = writeLogins(); !s)
        return s;

    const QString smi = dir.filePath(QStringLiteral("bin/nvidia-smi"));
    QFile script(smi);
    if (!script.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return hostError(QStringLiteral("cannot write the fake nvidia-smi"));
    script.write(fakeNvidiaSmi(dir.filePath(QStringLiteral("gpu.mode")), dir.filePath(QStringLiteral("gpu.flap")),
        dir.filePath(QStringLiteral("gpu.utilization")), m_options.gpus));
    script.close();
    ::chmod(QFile::encodeName(smi).constData(), 0755);

    QFile config(dir.filePath(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return hostError(QStringLiteral("cannot write sshd_config"));
    config.write(QStringLiteral(
        "Port %1\nListenAddress 127.0.0.1\nHostKey %2\nPidFile %3\nAuthorizedKeysFile %4 .ssh/authorized_keys\n"
        "PermitRootLogin prohibit-password\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "UsePAM no\nStrictModes no\nMaxStartups 100\nMaxSessions 50\nSetEnv PATH=%5:/usr/local/bin:/usr/bin:/bin\n"
        "Subsystem sftp internal-sftp\nLogLevel ERROR\n")
                     .arg(m_port)
                     .arg(hostKey, dir.filePath(QStringLiteral("sshd.pid")),
                         dir.filePath(QStringLiteral("authorized_keys")), dir.filePath(QStringLiteral("bin")))
                     .toUtf8());
    return okStatus();
}

Status SshTestHost::start(int timeoutMs)
{
    QString why;
    if (!supported(&why))
        return hostError(why);
    if (!m_port)
        m_port = freePort();
    if (Status s = writeFiles(false); !s)
        return s;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(QDir(m_options.rootDir).filePath(QStringLiteral("sshd.log")), QIODevice::Append);
    // Its own /workspace, and its own empty /root: the machine's dotfiles are not the host's.
    const QString home = QDir(m_options.rootDir).filePath(QStringLiteral("home"));
    QDir().mkpath(home);
    QString hide;
    if (!m_options.missingCommands.isEmpty()) {
        const QString empty = QDir(m_options.rootDir).filePath(QStringLiteral("missing-command"));
        QFile placeholder(empty);
        if (!placeholder.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return hostError(QStringLiteral("cannot write %1").arg(empty));
        placeholder.close();
        placeholder.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        for (const QString &command : m_options.missingCommands) {
            const QString path = QStandardPaths::findExecutable(command);
            if (!path.isEmpty())
                hide += QStringLiteral("mount --bind '%1' '%2' && ").arg(empty, path);
        }
    }
    const QString sshd = m_options.rootObeysPermissions
        ? QStringLiteral("setpriv --inh-caps=-all --bounding-set=-dac_override,-dac_read_search /usr/sbin/sshd")
        : QStringLiteral("/usr/sbin/sshd");
    if (!m_options.logins.isEmpty()) {
        const QDir root(m_options.rootDir);
        hide += QStringLiteral("mount --bind '%1' /etc/passwd && mount --bind '%2' /etc/group && "
                               "mount --bind '%3' /home && ")
                    .arg(root.filePath(QStringLiteral("passwd")), root.filePath(QStringLiteral("group")),
                        root.filePath(QStringLiteral("homes")));
    }
    const QString inner
        = QStringLiteral("mount --bind '%1' /workspace && mount --bind '%2' /root && %3exec %4 -D -e -f '%5'")
              .arg(m_workspace, home, hide, sshd, QDir(m_options.rootDir).filePath(QStringLiteral("sshd_config")));
    // A host dies with whatever started it, even on a crash or kill -9: the kernel kills unshare
    // when we go (PDEATHSIG), and unshare kills the namespace's init when it goes (--kill-child).
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    m_process->start(QStringLiteral("unshare"),
        { QStringLiteral("--mount"), QStringLiteral("--pid"), QStringLiteral("--fork"),
            QStringLiteral("--kill-child=SIGKILL"), QStringLiteral("--propagation"), QStringLiteral("private"),
            QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), inner });
    if (!m_process->waitForStarted(5000))
        return hostError(QStringLiteral("cannot start unshare: %1").arg(m_process->errorString()));
    // Ready when the port answers with an SSH banner.
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QTcpSocket probe;
        probe.connectToHost(host(), quint16(m_port));
        if (probe.waitForConnected(200) && probe.waitForReadyRead(500) && probe.readAll().startsWith("SSH-"))
            return okStatus();
        if (m_process->state() == QProcess::NotRunning)
            return hostError(QStringLiteral("sshd exited; see %1")
                                 .arg(QDir(m_options.rootDir).filePath(QStringLiteral("sshd.log"))));
        m_process->waitForFinished(20); // returns at once if sshd dies; otherwise a short wait before the next probe
    }
    return hostError(QStringLiteral("sshd did not come up on port %1").arg(m_port));
}

qint64 SshTestHost::namespaceInit() const
{
    if (!m_process || m_process->state() != QProcess::Running)
        return 0;
    const qint64 unsharePid = m_process->processId();
    QFile children(QStringLiteral("/proc/%1/task/%1/children").arg(unsharePid));
    if (!children.open(QIODevice::ReadOnly))
        return 0;
    return children.readAll().trimmed().split(' ').value(0).toLongLong();
}

QList<qint64> SshTestHost::pids() const
{
    const qint64 init = namespaceInit();
    if (!init)
        return {};
    const QString ns = nsOf(init);
    QList<qint64> out;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (ok && !ns.isEmpty() && nsOf(pid) == ns)
            out.append(pid);
    }
    return out;
}

bool SshTestHost::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

void SshTestHost::kill()
{
    if (!m_process)
        return;
    if (m_hung)
        resume();
    if (const qint64 init = namespaceInit())
        ::kill(pid_t(init), SIGKILL); // the kernel then kills every process of the namespace
    m_process->kill();
    m_process->waitForFinished(5000);
    m_process.reset();
}

Status SshTestHost::hang()
{
    QList<qint64> all = pids();
    if (all.isEmpty())
        return hostError(QStringLiteral("host is not running"));
    // One pass is not a freeze: a process may fork between the listing and its SIGSTOP (sshd
    // accepting a connection, a shell starting rsync), and the child would run on. Stop until a
    // listing finds no new process and every one of them has taken its stop.
    QSet<qint64> stopped;
    for (int pass = 0; pass < 1000; ++pass) {
        bool settled = true;
        for (qint64 pid : std::as_const(all)) {
            if (!stopped.contains(pid)) {
                ::kill(pid_t(pid), SIGSTOP);
                stopped.insert(pid);
                settled = false;
            } else if (!isStopped(pid)) {
                settled = false;
            }
        }
        if (settled)
            break;
        QThread::yieldCurrentThread();
        all = pids();
    }
    m_hung = true;
    return okStatus();
}

// The accounts exist only inside the host's mount namespace: its own /etc/passwd, /etc/group and
// /home are bind-mounted over the machine's when it starts.
Status SshTestHost::writeLogins()
{
    if (m_options.logins.isEmpty())
        return okStatus();
    const QDir dir(m_options.rootDir);
    QFile passwdIn(QStringLiteral("/etc/passwd")), groupIn(QStringLiteral("/etc/group"));
    if (!passwdIn.open(QIODevice::ReadOnly) || !groupIn.open(QIODevice::ReadOnly))
        return hostError(QStringLiteral("cannot read /etc/passwd or /etc/group"));
    QByteArray passwd = passwdIn.readAll(), group = groupIn.readAll();
    // Ids far above any a distribution hands out, so the host's files never belong to a real user.
    uint uid = 61000;
    for (auto it = m_options.logins.cbegin(); it != m_options.logins.cend(); ++it, ++uid) {
        const QString &name = it.key();
        static const QRegularExpression valid(QStringLiteral("^[a-z_][a-z0-9_-]{0,31}$"));
        if (!valid.match(name).hasMatch() || name == u"root")
            return hostError(QStringLiteral("\"%1\" cannot be a login of a test host").arg(name));
        passwd += QStringLiteral("%1:x:%2:%2:%1:/home/%1:/bin/sh\n").arg(name).arg(uid).toUtf8();
        group += QStringLiteral("%1:x:%2:\n").arg(name).arg(uid).toUtf8();
        const QString home = dir.filePath(QStringLiteral("homes/%1").arg(name));
        if (!QDir().mkpath(home + QStringLiteral("/.ssh")))
            return hostError(QStringLiteral("cannot create %1").arg(home));
        QFile keys(home + QStringLiteral("/.ssh/authorized_keys"));
        QStringList held;
        if (keys.open(QIODevice::ReadOnly))
            held = QString::fromUtf8(keys.readAll()).split(u'\n', Qt::SkipEmptyParts);
        keys.close();
        for (const QString &k : it.value())
            if (!held.contains(k.trimmed()))
                held << k.trimmed();
        if (!keys.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return hostError(QStringLiteral("cannot write %1").arg(keys.fileName()));
        keys.write(held.join(u'\n').toUtf8() + '\n');
        keys.close();
        for (const QString &path : QStringList { home, home + QStringLiteral("/.ssh"), keys.fileName() })
            if (::chown(QFile::encodeName(path).constData(), uid, uid) != 0)
                return hostError(QStringLiteral("cannot give %1 to %2").arg(path, name));
        ::chmod(QFile::encodeName(home + QStringLiteral("/.ssh")).constData(), 0700);
    }
    for (const auto &[file, content] :
        { std::pair { QStringLiteral("passwd"), passwd }, std::pair { QStringLiteral("group"), group } }) {
        QFile out(dir.filePath(file));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) || out.write(content) != content.size())
            return hostError(QStringLiteral("cannot write the host's %1").arg(file));
    }
    return okStatus();
}

Status SshTestHost::setAuthorizedKeys(const QStringList &keys)
{
    m_options.authorizedKeys = keys;
    QFile f(QDir(m_options.rootDir).filePath(QStringLiteral("authorized_keys")));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return hostError(QStringLiteral("cannot write authorized_keys"));
    f.write(keys.join(u'\n').toUtf8() + '\n');
    return okStatus();
}

Status SshTestHost::resume()
{
    if (!m_hung)
        return okStatus();
    for (qint64 pid : pids())
        ::kill(pid_t(pid), SIGCONT);
    m_hung = false;
    return okStatus();
}

Status SshTestHost::partition(bool on)
{
    const QString table = QStringLiteral("gpftest_%1").arg(m_port);
    QString err;
    if (on) {
        const QString rules = QStringLiteral("table inet %1 {\n chain input {\n  type filter hook input priority -10;\n"
                                             "  tcp dport %2 drop\n  tcp sport %2 drop\n }\n}\n")
                                  .arg(table)
                                  .arg(m_port);
        QProcess nft;
        nft.start(QStringLiteral("nft"), { QStringLiteral("-f"), QStringLiteral("-") });
        nft.write(rules.toUtf8());
        nft.closeWriteChannel();
        if (!nft.waitForFinished(5000) || nft.exitCode() != 0)
            return hostError(QStringLiteral("nft failed: %1").arg(QString::fromUtf8(nft.readAllStandardError())));
        m_partitioned = true;
        return okStatus();
    }
    m_partitioned = false;
    if (!runQuiet(QStringLiteral("nft"),
            { QStringLiteral("delete"), QStringLiteral("table"), QStringLiteral("inet"), table }, &err))
        return hostError(QStringLiteral("nft failed: %1").arg(err));
    return okStatus();
}

void SshTestHost::setGpuMode(const QString &mode)
{
    QFile f(QDir(m_options.rootDir).filePath(QStringLiteral("gpu.mode")));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(mode.toUtf8());
}

void SshTestHost::setGpuUtilization(int percent)
{
    QFile f(QDir(m_options.rootDir).filePath(QStringLiteral("gpu.utilization")));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(QByteArray::number(percent) + '\n');
}

Status SshTestHost::restartWithNewHostKey(int timeoutMs)
{
    kill();
    if (Status s = writeFiles(true); !s)
        return s;
    return start(timeoutMs);
}

} // namespace gpufailover
