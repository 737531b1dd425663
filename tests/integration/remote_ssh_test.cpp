// RemoteShell against real OpenSSH servers (SshTestHost: sshd in its own PID and mount namespace).
// Needs root, as CI has; elsewhere these tests are skipped with the reason.
#include "core/clock.h"
#include "core/logging.h"
#include "core/logsystem.h"
#include "providers/vastclient.h"
#include "remote/healthprobe.h"
#include "remote/knownhosts.h"
#include "remote/remotescript.h"
#include "remote/remoteshell.h"
#include "remote/sshinstanceaccess.h"
#include "remote/sshkey.h"
#include "remote/sshpathcheck.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

// Records the longest gap between ticks of a 5 ms timer: how long the event loop was blocked.
class StallMeter
{
public:
    StallMeter()
    {
        m_clock.start();
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.elapsed();
            m_longest = qMax(m_longest, now - m_last);
            m_last = now;
        });
        m_timer.start();
    }
    qint64 longestMs() const { return m_longest; }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

class RemoteSshTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    SshKeyPair key;
    std::unique_ptr<SshTestHost> host;
    std::unique_ptr<KnownHosts> knownHosts;
    std::unique_ptr<RemoteShell> shell;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        auto k = SshKeyPair::generate();
        ASSERT_TRUE(k.ok());
        key = *k;
        host = makeHost(QStringLiteral("h1"), { key.publicKey });
        ASSERT_TRUE(host->start().ok());
        knownHosts = std::make_unique<KnownHosts>(dir.filePath(QStringLiteral("known_hosts")));
        shell = std::make_unique<RemoteShell>(knownHosts.get());
        shell->setIdentity(key.privateKey);
    }

    std::unique_ptr<SshTestHost> makeHost(const QString &name, const QStringList &keys)
    {
        const QString root = dir.filePath(name);
        QDir().mkpath(root);
        return std::make_unique<SshTestHost>(SshTestHost::Options { root, {}, keys, 1, {}, false, {} });
    }

    SshTarget target() const { return { host->host(), host->port(), QStringLiteral("root") }; }

    Result<ExecResult> run(
        const QString &command, qint64 timeoutMs = 10000, const QByteArray &stdinData = {}, RemoteShell *via = nullptr)
    {
        ExecRequest r;
        r.command = command;
        r.timeoutMs = timeoutMs;
        r.stdinData = stdinData;
        std::optional<Result<ExecResult>> out;
        (via ? via : shell.get())->exec(target(), r, nullptr, [&](Result<ExecResult> res) {
            out.emplace(std::move(res));
        });
        EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, int(timeoutMs) + 10000)) << "no answer at all";
        return out ? std::move(*out)
                   : Result<ExecResult>(Error { QStringLiteral("test"), QStringLiteral("no answer") });
    }
};

} // namespace

TEST_F(RemoteSshTest, RunsCapturesAndUploads)
{
    QFile marker(QDir(host->workspaceDir()).filePath(QStringLiteral("marker")));
    ASSERT_TRUE(marker.open(QIODevice::WriteOnly));
    marker.write("host one workspace\n");
    marker.close();

    const auto r = run(QStringLiteral("echo hello; echo oops >&2; cat /workspace/marker; exit 3"));
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_EQ(r->exitStatus, 3);
    EXPECT_EQ(r->out, "hello\nhost one workspace\n");
    EXPECT_EQ(r->err, "oops\n");

    QByteArray payload;
    for (int i = 0; i < 200000; ++i)
        payload += char(i * 7);
    std::optional<Result<Unit>> up;
    shell->upload(target(), payload, QStringLiteral("/workspace/sub/dir/blob.bin"), 0600, 10000, nullptr,
        [&](Result<Unit> u) { up.emplace(u); });
    ASSERT_TRUE(test::waitUntil([&] { return up.has_value(); }));
    ASSERT_TRUE(up->ok()) << up->error().message.toStdString();
    EXPECT_EQ(test::readAll(QDir(host->workspaceDir()).filePath(QStringLiteral("sub/dir/blob.bin"))), payload);
    const auto mode = run(QStringLiteral("stat -c %a /workspace/sub/dir/blob.bin"));
    EXPECT_EQ(mode->out.trimmed(), "600");
}

TEST_F(RemoteSshTest, OutputIsBoundedAndConnectionsAreReused)
{
    ExecRequest big;
    big.command = QStringLiteral("head -c 5000000 /dev/zero");
    big.maxOutputBytes = 1000;
    std::optional<Result<ExecResult>> out;
    shell->exec(target(), big, nullptr, [&](Result<ExecResult> r) { out.emplace(std::move(r)); });
    ASSERT_TRUE(test::waitUntil([&] { return out.has_value(); }));
    ASSERT_TRUE(out->ok());
    EXPECT_EQ((*out)->out.size(), 1000);
    EXPECT_TRUE((*out)->outTruncated);
    EXPECT_EQ((*out)->exitStatus, 0);

    // Two commands in a row go through one SSH connection: same per-connection sshd process.
    const auto a = run(QStringLiteral("echo $PPID"));
    const auto b = run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->out, b->out);
    EXPECT_EQ(shell->idleConnections(target()), 1);
}

// A command that outlives its deadline costs its channel, not the session: on a busy machine a
// fresh session's first command can take about as long as a short timeout, and a shell that
// reconnected after every timeout would never get through.
TEST_F(RemoteSshTest, ACommandThatTimesOutKeepsItsSessionForTheNextOne)
{
    const auto before = run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(before.ok()) << before.error().message.toStdString();
    const auto slow = run(QStringLiteral("sleep 5"), 400);
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(slow.error().code, ssherr::Timeout) << slow.error().message.toStdString();
    EXPECT_EQ(shell->idleConnections(target()), 1);
    const auto after = run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(after.ok()) << after.error().message.toStdString();
    EXPECT_EQ(after->out, before->out) << "a new session (another sshd process) after the timeout";
    // The same holds for a command that timed out while it was still reading its input.
    const auto reading = run(QStringLiteral("sleep 5; cat > /dev/null"), 400, QByteArray(4 << 20, 'x'));
    ASSERT_FALSE(reading.ok());
    EXPECT_EQ(reading.error().code, ssherr::Timeout) << reading.error().message.toStdString();
    const auto last = run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(last.ok()) << last.error().message.toStdString();
    EXPECT_EQ(last->out, before->out);
}

TEST_F(RemoteSshTest, ConcurrentSessionsPerHostAreCapped)
{
    RemoteShell capped(knownHosts.get(), RemoteShell::Options { 2, 8, 60000 });
    capped.setIdentity(key.privateKey);
    int done = 0, maxActive = 0;
    for (int i = 0; i < 5; ++i) {
        ExecRequest r;
        r.command = QStringLiteral("sleep 0.2; echo %1").arg(i);
        capped.exec(target(), r, nullptr, [&](Result<ExecResult> res) {
            EXPECT_TRUE(res.ok()) << res.error().message.toStdString();
            ++done;
        });
        maxActive = qMax(maxActive, capped.activeSessions(target()));
    }
    ASSERT_TRUE(test::waitUntil([&] {
        maxActive = qMax(maxActive, capped.activeSessions(target()));
        return done == 5;
    }));
    EXPECT_EQ(maxActive, 2);
    EXPECT_LE(capped.idleConnections(target()), 2);
}

TEST_F(RemoteSshTest, AWrongKeyIsAnAuthError)
{
    RemoteShell other(knownHosts.get());
    other.setIdentity(SshKeyPair::generate()->privateKey);
    const auto r = run(QStringLiteral("true"), 10000, {}, &other);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ssherr::Auth) << r.error().message.toStdString();
}

TEST_F(RemoteSshTest, AChangedHostKeyIsRefusedWithItsOwnError)
{
    ASSERT_TRUE(run(QStringLiteral("true")).ok()); // learns the key (trust on first use)
    const QString learned = knownHosts->keyOf(host->host(), host->port());
    ASSERT_FALSE(learned.isEmpty());
    ASSERT_TRUE(host->restartWithNewHostKey().ok());

    RemoteShell fresh(knownHosts.get());
    fresh.setIdentity(key.privateKey);
    const auto r = run(QStringLiteral("echo should-not-run"), 10000, {}, &fresh);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ssherr::HostKeyChanged);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("SHA256:"))) << r.error().message.toStdString();
    EXPECT_EQ(knownHosts->keyOf(host->host(), host->port()), learned); // not overwritten

    knownHosts->forget(host->host(), host->port());
    EXPECT_TRUE(run(QStringLiteral("true"), 10000, {}, &fresh).ok());
}

TEST_F(RemoteSshTest, AHostKilledMidCommandFailsFastNotAtTheDeadline)
{
    StallMeter stalls;
    ExecRequest r;
    r.command = QStringLiteral("touch /workspace/started; sleep 60");
    r.timeoutMs = 20000;
    std::optional<Result<ExecResult>> out;
    shell->exec(target(), r, nullptr, [&](Result<ExecResult> res) { out.emplace(std::move(res)); });
    // Wait until the command is really running on the host, then kill the whole host.
    const QString started = QDir(host->workspaceDir()).filePath(QStringLiteral("started"));
    ASSERT_TRUE(test::waitUntil([&] { return QFile::exists(started); }));
    host->kill();
    ASSERT_TRUE(test::waitUntil([&] { return out.has_value(); }, 25000));
    ASSERT_FALSE(out->ok());
    // A dead host closes the connection: reported as such, not as a timeout after 20 s.
    EXPECT_EQ(out->error().code, ssherr::Disconnected) << out->error().message.toStdString();
    EXPECT_LT(stalls.longestMs(), 200);

    // It comes back on the same address: the next call reconnects by itself.
    ASSERT_TRUE(host->start().ok());
    const auto again = run(QStringLiteral("echo back"));
    ASSERT_TRUE(again.ok()) << again.error().message.toStdString();
    EXPECT_EQ(again->out, "back\n");
}

TEST_F(RemoteSshTest, AHungHostTimesOutOnTimeAndTheEventLoopStaysResponsive)
{
    ASSERT_TRUE(run(QStringLiteral("true")).ok()); // a pooled connection exists
    StallMeter stalls;
    ExecRequest r;
    r.command = QStringLiteral("touch /workspace/started; sleep 30");
    r.timeoutMs = 1500;
    std::optional<Result<ExecResult>> out;
    QElapsedTimer t;
    t.start();
    shell->exec(target(), r, nullptr, [&](Result<ExecResult> res) { out.emplace(std::move(res)); });
    const QString started = QDir(host->workspaceDir()).filePath(QStringLiteral("started"));
    ASSERT_TRUE(test::waitUntil([&] { return QFile::exists(started); }));
    ASSERT_TRUE(host->hang().ok()); // SIGSTOP every process of the host
    ASSERT_TRUE(test::waitUntil([&] { return out.has_value(); }, 15000));
    ASSERT_FALSE(out->ok());
    EXPECT_EQ(out->error().code, ssherr::Timeout) << out->error().message.toStdString();
    EXPECT_GE(t.elapsed(), 1500 - 50); // not before its deadline either

    // A new connection to the frozen host: the banner never comes, and still it answers on time.
    RemoteShell fresh(knownHosts.get());
    fresh.setIdentity(key.privateKey);
    const auto second = run(QStringLiteral("true"), 1000, {}, &fresh);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, ssherr::Timeout);
    EXPECT_LT(stalls.longestMs(), 200) << "the event loop was blocked";
    ASSERT_TRUE(host->resume().ok());
}

TEST_F(RemoteSshTest, APartitionedHostTimesOut)
{
    ASSERT_TRUE(run(QStringLiteral("true")).ok());
    ASSERT_TRUE(host->partition(true).ok());
    StallMeter stalls;
    const auto r = run(QStringLiteral("echo unreachable"), 1500);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ssherr::Timeout) << r.error().message.toStdString();
    EXPECT_LT(stalls.longestMs(), 200);
    ASSERT_TRUE(host->partition(false).ok());
    EXPECT_TRUE(run(QStringLiteral("true")).ok());
}

// What tells a frozen host from a blocked path: the TCP look under SSH.
TEST_F(RemoteSshTest, ThePathCheckTellsAFrozenHostFromABlockedPathAndARefusal)
{
    const auto check = [&] {
        std::optional<SshPathCheck::Result> out;
        QObject context;
        SshPathCheck::run(host->host(), host->port(), 400, &context, [&](SshPathCheck::Result r) { out = r; });
        EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, 5000));
        return out.value_or(SshPathCheck::Result {});
    };
    EXPECT_EQ(check().path, HealthSample::Path::Answers);

    ASSERT_TRUE(host->hang().ok());
    const auto frozen = check();
    EXPECT_EQ(frozen.path, HealthSample::Path::Silent) << frozen.detail.toStdString();
    ASSERT_TRUE(host->resume().ok());

    ASSERT_TRUE(host->partition(true).ok());
    const auto blocked = check();
    EXPECT_EQ(blocked.path, HealthSample::Path::Unreachable) << blocked.detail.toStdString();
    ASSERT_TRUE(host->partition(false).ok());
    EXPECT_EQ(check().path, HealthSample::Path::Answers);

    host->kill();
    const auto refused = check();
    EXPECT_EQ(refused.path, HealthSample::Path::Refused) << refused.detail.toStdString();
}

// A failed probe carries what the path check saw, so the engine can weigh it.
TEST_F(RemoteSshTest, AFailedProbeSaysWhatGotThrough)
{
    SshInstanceAccess access(shell.get());
    QObject context; // lives as long as the engine's would: a late second answer would show
    int asked = 0, answers = 0;
    const auto probe = [&] {
        std::optional<HealthSample> out;
        ++asked;
        access.probe({ host->host(), host->port(), false, QStringLiteral("root") }, 600, &context, [&](HealthSample s) {
            ++answers;
            out = s;
        });
        EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, 10000));
        return out.value_or(HealthSample {});
    };
    EXPECT_TRUE(probe().healthy());
    // The probe ran and the machine answered nonsense: its own word, no path check, it counts.
    // Twice: the second time the look below SSH already runs beside the probe, and is not used.
    host->setGpuMode(QStringLiteral("garbage"));
    for (int i = 0; i < 2; ++i) {
        const HealthSample garbage = probe();
        EXPECT_EQ(garbage.status, HealthSample::Status::ProbeFailed);
        EXPECT_EQ(garbage.path, HealthSample::Path::NotChecked);
    }
    host->setGpuMode(QStringLiteral("healthy"));
    ASSERT_TRUE(host->partition(true).ok());
    const HealthSample blocked = probe();
    EXPECT_EQ(blocked.status, HealthSample::Status::ProbeFailed);
    EXPECT_EQ(blocked.path, HealthSample::Path::Unreachable) << blocked.reason.toStdString();
    ASSERT_TRUE(host->partition(false).ok());
    ASSERT_TRUE(host->hang().ok());
    const HealthSample frozen = probe();
    EXPECT_EQ(frozen.path, HealthSample::Path::Silent) << frozen.reason.toStdString();
    ASSERT_TRUE(host->resume().ok());
    EXPECT_TRUE(probe().healthy());
    EXPECT_EQ(answers, asked) << "a probe answered twice";
}

TEST_F(RemoteSshTest, SecretsNeverAppearInAnyArgvOrTheLog)
{
    QTemporaryDir logDir;
    LogSystem::Options lo;
    lo.directory = logDir.path();
    lo.toStderr = false;
    LogSystem logs(lo, nullptr); // no redactor: the code itself must not log secrets
    logs.install();

    const QString secret = QStringLiteral("restic-pw-7f3a9c1e55d04b2a");
    const auto cmd = withSecretEnv({ { QStringLiteral("GPF_SECRET"), secret } },
        QStringLiteral("sleep 1.5; printf %s \"$GPF_SECRET\" | sha256sum"));
    ASSERT_TRUE(cmd.ok());
    ExecRequest r;
    r.command = cmd->command;
    r.stdinData = cmd->stdinData;
    std::optional<Result<ExecResult>> out;
    shell->exec(target(), r, nullptr, [&](Result<ExecResult> res) { out.emplace(std::move(res)); });

    // While it runs, read the argv of every process on this machine (sshd children included).
    int scans = 0;
    const QByteArray needle = secret.toUtf8();
    const QByteArray keyNeedle = key.privateKey.toUtf8().mid(40, 40);
    ASSERT_TRUE(test::waitUntil([&] {
        QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
        while (it.hasNext()) {
            const QByteArray argv = test::readAll(it.next() + QStringLiteral("/cmdline"));
            EXPECT_FALSE(argv.contains(needle)) << argv.toStdString();
            EXPECT_FALSE(argv.contains(keyNeedle));
        }
        ++scans;
        return out.has_value();
    }));
    EXPECT_GT(scans, 3);
    ASSERT_TRUE(out->ok()) << out->error().message.toStdString();
    const QByteArray expected = QCryptographicHash::hash(needle, QCryptographicHash::Sha256).toHex();
    EXPECT_TRUE((*out)->out.startsWith(expected)) << "the command did receive the secret";

    // Failures are logged too; make one happen, then read the log.
    run(QStringLiteral("exit 1"));
    RemoteShell wrong(knownHosts.get());
    wrong.setIdentity(SshKeyPair::generate()->privateKey);
    run(QStringLiteral("true"), 5000, {}, &wrong);
    const QByteArray log = test::readAll(logs.currentFilePath());
    EXPECT_FALSE(log.contains(needle));
    EXPECT_FALSE(log.contains(keyNeedle));
    EXPECT_FALSE(log.contains("PRIVATE KEY"));
}

TEST_F(RemoteSshTest, TheGpuProbeReadsTheHostThroughSsh)
{
    const auto probe = [&] { return healthprobe::parse(run(healthprobe::command(1500), 3000)); };
    HealthSample s = probe();
    ASSERT_TRUE(s.healthy()) << s.reason.toStdString();
    ASSERT_EQ(s.gpus.size(), 1);
    EXPECT_EQ(s.gpus[0].name, QStringLiteral("NVIDIA GeForce RTX 4090"));
    EXPECT_GT(s.diskTotalBytes.value_or(0), 0);

    host->setGpuMode(QStringLiteral("fallen_off_bus"));
    s = probe();
    EXPECT_EQ(s.status, HealthSample::Status::Unhealthy);
    EXPECT_TRUE(s.reason.contains(QStringLiteral("fallen off the bus")));

    host->setGpuMode(QStringLiteral("garbage"));
    EXPECT_EQ(probe().status, HealthSample::Status::ProbeFailed);

    host->setGpuMode(QStringLiteral("missing"));
    EXPECT_TRUE(probe().reason.contains(QStringLiteral("missing")));

    // nvidia-smi itself wedges: the host still answers and says so, well inside the probe's time.
    host->setGpuMode(QStringLiteral("hang"));
    s = probe();
    EXPECT_EQ(s.status, HealthSample::Status::Unhealthy);
    EXPECT_TRUE(s.reason.contains(QStringLiteral("wedged"))) << s.reason.toStdString();
}

// A GCP VM's login is the ordinary account its ssh-keys metadata names, as the guest agent makes
// it: the engine must work there without root, and root takes none of those keys.
TEST_F(RemoteSshTest, AMetadataLoginIsAnOrdinaryAccountWithItsOwnHome)
{
    const QString root = dir.filePath(QStringLiteral("vm"));
    QDir().mkpath(root);
    SshTestHost vm(
        SshTestHost::Options { root, {}, {}, 1, {}, false, { { QStringLiteral("gpufailover"), { key.publicKey } } } });
    ASSERT_TRUE(vm.start().ok());
    const auto as = [&](const QString &user, const QString &command) {
        ExecRequest r;
        r.command = command;
        r.timeoutMs = 10000;
        std::optional<Result<ExecResult>> out;
        shell->exec(
            { vm.host(), vm.port(), user }, r, nullptr, [&](Result<ExecResult> x) { out.emplace(std::move(x)); });
        EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, 20000));
        return out ? std::move(*out)
                   : Result<ExecResult>(Error { QStringLiteral("test"), QStringLiteral("no answer") });
    };
    auto who = as(QStringLiteral("gpufailover"),
        QStringLiteral("id -u; echo $HOME; touch ~/mine && echo wrote; touch /root/x 2>/dev/null || echo refused"));
    ASSERT_TRUE(who.ok()) << who.error().message.toStdString();
    const QStringList lines = QString::fromUtf8(who->out).split(u'\n', Qt::SkipEmptyParts);
    ASSERT_EQ(lines.size(), 4) << who->out.toStdString();
    EXPECT_NE(lines[0], u"0");
    EXPECT_EQ(lines[1], u"/home/gpufailover");
    EXPECT_EQ(lines[2], u"wrote");
    EXPECT_EQ(lines[3], u"refused");
    EXPECT_FALSE(as(QStringLiteral("root"), QStringLiteral("true")).ok());

    // A key the account added itself (the engine authorises a GPU host's key there) outlives a
    // restart of the VM, which writes the metadata's keys again.
    ASSERT_TRUE(as(
        QStringLiteral("gpufailover"), QStringLiteral("echo 'ssh-ed25519 AAAAadded added' >> ~/.ssh/authorized_keys"))
                    .ok());
    vm.kill();
    ASSERT_TRUE(vm.start().ok());
    const auto keys = as(QStringLiteral("gpufailover"), QStringLiteral("cat ~/.ssh/authorized_keys"));
    ASSERT_TRUE(keys.ok()) << keys.error().message.toStdString();
    EXPECT_TRUE(keys->out.contains("AAAAadded added"));
    EXPECT_EQ(keys->out.count(key.publicKey.trimmed().toUtf8()), 1);
}

// The simulator with real hosts behind its instances: the warm-pool shape end to end, through
// the Vast API, the SSH endpoint it reports, and the shared volume.
TEST_F(RemoteSshTest, SimulatedInstancesOnOneMachineShareTheirVolumeOverRealSsh)
{
    SystemClock clock(1000.0);
    SimOptions o;
    o.hosts = 0;
    SimServer sim(&clock, o);
    sim.market().addHost(SimHost::machine(701, 2, QStringLiteral("RTX 4090"), 0.4, 0));
    SimRealHosts real(&sim.market(), dir.filePath(QStringLiteral("cloud")), { key.publicKey });
    ASSERT_TRUE(sim.listen().ok());
    QNetworkAccessManager nam;
    VastClientConfig c;
    c.baseUrl = sim.url();
    VastClient vast(&nam, &clock, c);
    vast.setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));

    const auto offer = [&] {
        std::optional<Result<QList<GpuOffer>>> r;
        vast::OfferQuery q;
        q.machineId = 701;
        vast.searchOffers(q, nullptr, [&](Result<QList<GpuOffer>> x) { r.emplace(std::move(x)); });
        EXPECT_TRUE(test::waitUntil([&] { return r.has_value(); }));
        for (const GpuOffer &g : r->value())
            if (g.numGpus == 1)
                return g.id;
        return qint64(0);
    };
    const auto create = [&](const QString &label, const VolumeAttachment &v) {
        CreateInstanceRequest req;
        req.image = QStringLiteral("pytorch/pytorch");
        req.label = label;
        req.volume = v;
        std::optional<Result<qint64>> r;
        vast.createInstance(offer(), req, nullptr, [&](Result<qint64> x) { r.emplace(std::move(x)); });
        EXPECT_TRUE(test::waitUntil([&] { return r.has_value(); }));
        EXPECT_TRUE(r->ok()) << r->error().message.toStdString();
        return r->ok() ? r->value() : 0;
    };
    const auto show = [&](qint64 id) {
        std::optional<Result<std::optional<CloudInstance>>> r;
        vast.showInstance(id, nullptr, [&](auto x) { r.emplace(std::move(x)); });
        EXPECT_TRUE(test::waitUntil([&] { return r.has_value(); }));
        return r->ok() ? r->value() : std::nullopt;
    };
    const auto waitRunning = [&](qint64 id) {
        std::optional<CloudInstance> i;
        EXPECT_TRUE(test::waitUntil([&] {
            i = show(id);
            return i && i->actualStatus == u"running" && i->ssh;
        }));
        return i;
    };
    const auto runOn = [&](const CloudInstance &i, const QString &command, qint64 timeoutMs = 5000) {
        ExecRequest r;
        r.command = command;
        r.timeoutMs = timeoutMs;
        std::optional<Result<ExecResult>> out;
        shell->exec({ i.ssh->host, i.ssh->port, QStringLiteral("root") }, r, nullptr,
            [&](Result<ExecResult> x) { out.emplace(std::move(x)); });
        EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, int(timeoutMs) + 5000));
        return out ? std::move(*out)
                   : Result<ExecResult>(Error { QStringLiteral("test"), QStringLiteral("no answer") });
    };

    const qint64 primaryId = create(QStringLiteral("gpf-p"),
        { true, sim.market().hosts()[701].volumeOfferId, 20, QStringLiteral("pool"), QStringLiteral("/workspace") });
    const auto primary = waitRunning(primaryId);
    ASSERT_TRUE(primary && primary->ssh->direct);
    ASSERT_EQ(primary->volumeIds.size(), 1);
    const qint64 standbyId
        = create(QStringLiteral("gpf-s"), { false, primary->volumeIds.first(), 0, {}, QStringLiteral("/workspace") });
    const auto standby = waitRunning(standbyId);
    ASSERT_TRUE(standby);
    EXPECT_NE(standby->ssh->port, primary->ssh->port);

    ASSERT_TRUE(runOn(*primary, QStringLiteral("echo written-by-primary > /workspace/shared.txt")).ok());
    const auto read = runOn(*standby, QStringLiteral("cat /workspace/shared.txt"));
    ASSERT_TRUE(read.ok()) << read.error().message.toStdString();
    EXPECT_EQ(read->out, "written-by-primary\n");

    // A hung instance: the API still says running, SSH times out.
    ASSERT_TRUE(sim.market().hangInstance(standbyId, true).ok());
    EXPECT_EQ(show(standbyId)->actualStatus, QStringLiteral("running"));
    const auto hung = runOn(*standby, QStringLiteral("true"), 800);
    ASSERT_FALSE(hung.ok());
    EXPECT_EQ(hung.error().code, ssherr::Timeout);
    ASSERT_TRUE(sim.market().hangInstance(standbyId, false).ok());

    // A killed primary: the container and its sshd are gone.
    ASSERT_TRUE(sim.market().killInstance(primaryId).ok());
    EXPECT_EQ(show(primaryId)->actualStatus, QStringLiteral("exited"));
    const auto dead = runOn(*primary, QStringLiteral("true"));
    ASSERT_FALSE(dead.ok());
    EXPECT_TRUE(dead.error().code == ssherr::Connect || dead.error().code == ssherr::Disconnected)
        << dead.error().code.toStdString();
    EXPECT_FALSE(real.hostOf(primaryId)->isRunning());

    // The data outlives the instance that wrote it: it is on the volume.
    EXPECT_EQ(test::readAll(real.volumeDir(primary->volumeIds.first()) + QStringLiteral("/shared.txt")),
        "written-by-primary\n");
}
