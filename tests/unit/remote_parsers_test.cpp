#include "remote/healthprobe.h"
#include "remote/remotescript.h"
#include "remote/resticrunner.h"
#include "remote/rsyncrunner.h"

#include "support/testutil.h"

#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
Result<ExecResult> probeOutput(const QByteArray &smi, int rc,
    const QByteArray &df = "/dev/sda1 107374182400 53687091200 53687091200 50% /workspace")
{
    ExecResult r;
    r.exitStatus = 0;
    r.out = smi + "\n__GPF_SMI_RC=" + QByteArray::number(rc) + "\n__GPF_DF__\n" + df + "\n";
    r.elapsedMs = 42;
    return r;
}
} // namespace

TEST(HealthProbe, ReadsHealthyGpusAndTheWorkspaceDisk)
{
    const HealthSample s = healthprobe::parse(probeOutput("0, NVIDIA GeForce RTX 4090, 37, 1024, 24564, 45, 0\n"
                                                          "1, NVIDIA GeForce RTX 4090, 99, 20000, 24564, 80, 0",
        0));
    ASSERT_EQ(s.status, HealthSample::Status::Healthy) << s.reason.toStdString();
    ASSERT_EQ(s.gpus.size(), 2);
    EXPECT_EQ(s.gpus[1].index, 1);
    EXPECT_EQ(s.gpus[1].name, QStringLiteral("NVIDIA GeForce RTX 4090"));
    EXPECT_EQ(s.gpus[1].utilizationPct, 99);
    EXPECT_EQ(s.gpus[1].memoryUsedMiB, 20000);
    EXPECT_EQ(s.gpus[1].temperatureC, 80);
    EXPECT_EQ(s.diskTotalBytes, 107374182400);
    EXPECT_EQ(s.diskUsedBytes, 53687091200);
    EXPECT_EQ(s.latencyMs, 42);
}

TEST(HealthProbe, NotAvailableFieldsAreUnknownNotErrors)
{
    const HealthSample s
        = healthprobe::parse(probeOutput("0, NVIDIA A100-SXM4-80GB, [N/A], [N/A], 81920, [N/A], [N/A]", 0));
    ASSERT_TRUE(s.healthy()) << s.reason.toStdString();
    EXPECT_FALSE(s.gpus[0].utilizationPct.has_value());
    EXPECT_EQ(s.gpus[0].memoryTotalMiB, 81920);
}

TEST(HealthProbe, RecognisesASickGpu)
{
    struct Case
    {
        QByteArray out;
        int rc;
        const char *reason;
    };
    const Case cases[] = {
        { "Unable to determine the device handle for GPU0000:01:00.0: Unknown Error\nGPU has fallen off the bus.", 15,
            "fallen off the bus" },
        { "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest "
          "NVIDIA driver is installed and running.",
            9, "driver" },
        { "0, NVIDIA GeForce RTX 4090, [GPU requires reset], [GPU requires reset], 24564, [GPU requires reset], [N/A]",
            0, "requires a reset" },
        { "0, NVIDIA GeForce RTX 4090, 37, 1024, 24564, 45, 12", 0, "12 uncorrected ECC errors" },
        { "bash: nvidia-smi: command not found", 127, "missing" },
        { "", 0, "lists no GPU" },
    };
    for (const Case &c : cases) {
        const HealthSample s = healthprobe::parse(probeOutput(c.out, c.rc));
        EXPECT_EQ(s.status, HealthSample::Status::Unhealthy) << c.out.toStdString();
        EXPECT_TRUE(s.reason.contains(QString::fromLatin1(c.reason))) << s.reason.toStdString();
    }
}

TEST(HealthProbe, GarbageTimeoutsAndFailuresAreFailedProbesNotCrashes)
{
    EXPECT_EQ(healthprobe::parse(probeOutput("%%%% this is not csv (((", 0)).status, HealthSample::Status::ProbeFailed);
    EXPECT_EQ(healthprobe::parse(probeOutput("0, x, y", 0)).status, HealthSample::Status::ProbeFailed);
    EXPECT_EQ(
        healthprobe::parse(probeOutput("abc, NVIDIA, 1, 2, 3, 4, 5", 0)).status, HealthSample::Status::ProbeFailed);
    const HealthSample odd = healthprobe::parse(probeOutput("Failed to initialize NVML: Unknown Error", 255));
    EXPECT_EQ(odd.status, HealthSample::Status::ProbeFailed);
    EXPECT_TRUE(odd.reason.contains(QStringLiteral("255")));
    ExecResult noMarker;
    noMarker.out = QByteArray(100000, '\xff');
    EXPECT_EQ(healthprobe::parse(noMarker).status, HealthSample::Status::ProbeFailed);
    const HealthSample timeout = healthprobe::parse(Error { ssherr::Timeout, QStringLiteral("no answer") });
    EXPECT_EQ(timeout.status, HealthSample::Status::ProbeFailed);
    EXPECT_TRUE(timeout.reason.contains(QStringLiteral("no answer")));
    // An unreadable df line leaves the disk unknown but the GPU verdict stands.
    const HealthSample noDisk
        = healthprobe::parse(probeOutput("0, NVIDIA GeForce RTX 4090, 37, 1024, 24564, 45, 0", 0, "garbage"));
    EXPECT_TRUE(noDisk.healthy());
    EXPECT_FALSE(noDisk.diskTotalBytes.has_value());
}

TEST(RemoteScript, SecretsGoToStdinNeverToTheCommand)
{
    const auto c = withSecretEnv({ { QStringLiteral("RESTIC_PASSWORD"), QStringLiteral("hunter2-very-secret") } },
        QStringLiteral("restic snapshots"));
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(c->command.contains(QStringLiteral("hunter2")));
    EXPECT_EQ(c->stdinData, "hunter2-very-secret\n");
    EXPECT_EQ(c->command, QStringLiteral("IFS= read -r RESTIC_PASSWORD && export RESTIC_PASSWORD && restic snapshots"));
    EXPECT_FALSE(withSecretEnv({ { QStringLiteral("bad name"), QStringLiteral("x") } }, QStringLiteral("true")).ok());
    EXPECT_FALSE(withSecretEnv({ { QStringLiteral("A"), QStringLiteral("two\nlines") } }, QStringLiteral("true")).ok());
    EXPECT_EQ(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    EXPECT_EQ(shellQuote(QStringLiteral("/workspace/a-b_c.txt")), QStringLiteral("/workspace/a-b_c.txt"));
    EXPECT_EQ(shellQuote(QString()), QStringLiteral("''"));
}

TEST(Rsync, ArgumentsCarryNoSecretAndPushContentsHostToHost)
{
    RsyncPlan p;
    p.sourceDir = QStringLiteral("/workspace");
    p.destHost = QStringLiteral("198.51.100.7");
    p.destPort = 2222;
    p.destDir = QStringLiteral("/srv/gpf/gen-000012.partial");
    p.linkDest = QStringLiteral("/srv/gpf/gen-000011");
    p.identityFile = QStringLiteral("/root/.gpufailover/sync_ed25519");
    p.knownHostsFile = QStringLiteral("/root/.gpufailover/known_hosts");
    p.excludes = { QStringLiteral(".cache/") };
    const QStringList a = rsync::arguments(p);
    EXPECT_EQ(a.first(), QStringLiteral("rsync"));
    EXPECT_TRUE(a.contains(QStringLiteral("--delete")));
    EXPECT_TRUE(a.contains(QStringLiteral("--link-dest=/srv/gpf/gen-000011")));
    EXPECT_TRUE(a.contains(QStringLiteral("--exclude=.cache/")));
    EXPECT_EQ(a.at(a.size() - 2), QStringLiteral("/workspace/"));
    EXPECT_EQ(a.last(), QStringLiteral("root@198.51.100.7:/srv/gpf/gen-000012.partial/"));
    const QString ssh = a.at(a.indexOf(QStringLiteral("-e")) + 1);
    EXPECT_TRUE(ssh.contains(QStringLiteral("-p 2222")));
    EXPECT_TRUE(ssh.contains(QStringLiteral("StrictHostKeyChecking=yes")));
    EXPECT_TRUE(ssh.contains(QStringLiteral("-i /root/.gpufailover/sync_ed25519")));
}

TEST(Rsync, ExitCodesMapToOutcomes)
{
    EXPECT_TRUE(rsync::mapExit(0, {}).ok);
    const auto vanished = rsync::mapExit(24, {});
    EXPECT_TRUE(vanished.ok);
    EXPECT_TRUE(vanished.partial);
    EXPECT_FALSE(rsync::mapExit(23, QStringLiteral("permission denied")).ok);
    EXPECT_EQ(rsync::mapExit(23, {}).code, QStringLiteral("partial_transfer"));
    EXPECT_EQ(rsync::mapExit(25, {}).code, QStringLiteral("max_delete"));
    EXPECT_EQ(rsync::mapExit(30, {}).code, QStringLiteral("timeout"));
    EXPECT_EQ(rsync::mapExit(255, {}).code, QStringLiteral("ssh_error"));
    EXPECT_EQ(rsync::mapExit(11, QStringLiteral("write failed: No space left on device (28)")).code,
        QStringLiteral("disk_full"));
    // The receiver dying of a full disk breaks the stream (12) or fails files (23): still a full disk.
    EXPECT_EQ(rsync::mapExit(12, QStringLiteral("rsync: write failed on \"x\": No space left on device")).code,
        QStringLiteral("disk_full"));
    EXPECT_EQ(rsync::mapExit(23, QStringLiteral("rsync: write failed on \"x\": No space left on device (28)")).code,
        QStringLiteral("disk_full"));
    EXPECT_EQ(rsync::mapExit(12, QStringLiteral("connection unexpectedly closed")).code, QStringLiteral("ssh_error"));
    // An image without rsync: what to do about it, and where the preparation's log is.
    const auto missing = rsync::mapExit(127, QStringLiteral("sh: 1: rsync: not found"));
    EXPECT_EQ(missing.code, QStringLiteral("missing"));
    EXPECT_TRUE(missing.message.contains(u"/var/log/gpufailover-onstart.log")) << missing.message.toStdString();
}

TEST(Rsync, ParsesProgress2Lines)
{
    auto p = rsync::parseProgress(QStringLiteral("    123,456,789  42%   11.50MB/s    0:01:02 (xfr#3, to-chk=10/200)"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->bytes, 123456789);
    EXPECT_EQ(p->percent, 42);
    EXPECT_EQ(p->rate, QStringLiteral("11.50MB/s"));
    EXPECT_EQ(p->filesLeft, 10);
    EXPECT_EQ(p->filesTotal, 200);
    p = rsync::parseProgress(QStringLiteral("          1,024 100%    0.00kB/s    0:00:00"));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->percent, 100);
    EXPECT_FALSE(rsync::parseProgress(QStringLiteral("sending incremental file list")));
    EXPECT_FALSE(rsync::parseProgress(QString()));
}

TEST(Restic, CommandsReadSecretsFromStdin)
{
    ResticRepo repo { QStringLiteral("s3:https://s3.us-west-004.backblazeb2.com/bucket/gpf"),
        QStringLiteral("repo-password-123"), QStringLiteral("key-id-456"), QStringLiteral("secret-key-789"),
        QStringLiteral("us-west-004"), {} };
    const auto c = restic::command(repo,
        restic::backupArguments({ QStringLiteral("/workspace") },
            { QStringLiteral("pool=p1"), QStringLiteral("gen=12") }, QStringLiteral("gpu-1")));
    ASSERT_TRUE(c.ok());
    for (const char *secret : { "repo-password-123", "secret-key-789", "key-id-456", "backblazeb2" })
        EXPECT_FALSE(c->command.contains(QString::fromLatin1(secret))) << secret;
    EXPECT_TRUE(c->stdinData.contains("repo-password-123\n"));
    EXPECT_TRUE(
        c->command.contains(QStringLiteral("restic backup --json --host gpu-1 --tag pool=p1 --tag gen=12 /workspace")));
}

// The store's CA goes with the secrets, not as a path: a host rented a minute ago has no file of
// ours. Run here by sh, with a restic that shows what it was given, as a host would run it.
TEST(Restic, TheStoresCaTravelsWithTheCommandAndIsGoneAfterIt)
{
    QTemporaryDir dir;
    const QByteArray pem = "-----BEGIN CERTIFICATE-----\nMIIB+zCCAaGgAwIBAgIUe0\n-----END CERTIFICATE-----\n";
    test::writeFile(dir.filePath(QStringLiteral("restic")),
        "#!/bin/sh\nwhile [ $# -gt 0 ]; do [ \"$1\" = --cacert ] && { cat \"$2\"; echo \"$2\" >&2; }; shift; "
        "done\nexit 7\n");
    QFile::setPermissions(dir.filePath(QStringLiteral("restic")), QFile::ReadOwner | QFile::ExeOwner);
    ResticRepo repo { QStringLiteral("s3:https://127.0.0.1:9000/bucket/gpf"), QStringLiteral("pw"),
        QStringLiteral("id"), QStringLiteral("secret"), {}, pem };
    const auto c = restic::command(repo, { QStringLiteral("snapshots"), QStringLiteral("--json") });
    ASSERT_TRUE(c.ok());
    EXPECT_FALSE(c->command.contains(u"BEGIN CERTIFICATE"));
    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), dir.path() + u':' + env.value(QStringLiteral("PATH")));
    sh.setProcessEnvironment(env);
    sh.start(QStringLiteral("sh"), { QStringLiteral("-c"), c->command });
    sh.write(c->stdinData);
    sh.closeWriteChannel();
    ASSERT_TRUE(sh.waitForFinished(20000));
    EXPECT_EQ(sh.exitCode(), 7); // restic's own exit, not the clean-up's
    EXPECT_EQ(sh.readAllStandardOutput(), pem);
    const QString used = QString::fromUtf8(sh.readAllStandardError()).trimmed();
    ASSERT_FALSE(used.isEmpty());
    EXPECT_FALSE(QFile::exists(used)) << used.toStdString();

    // Without a CA the command names none.
    repo.caCert.clear();
    EXPECT_FALSE(restic::command(repo, { QStringLiteral("snapshots") })->command.contains(u"cacert"));
}

TEST(Restic, ACaFileThatIsNoCertificateIsSaidBeforeAnyRun)
{
    QTemporaryDir dir;
    SnapshotTarget t;
    t.kind = SnapshotTarget::Kind::S3;
    t.caCertFile = dir.filePath(QStringLiteral("missing.pem"));
    EXPECT_TRUE(t.caCertificate().error().message.contains(u"cannot be read"));
    test::writeFile(t.caCertFile, "not a certificate");
    EXPECT_TRUE(t.caCertificate().error().message.contains(u"not a PEM certificate"));
    t.caCertFile.clear();
    EXPECT_TRUE(t.caCertificate().value().isEmpty());
}

TEST(Restic, ExitCodesAndMessagesMapToOutcomes)
{
    EXPECT_TRUE(restic::mapExit(0, {}).ok);
    const auto incomplete = restic::mapExit(3, QStringLiteral("error: open /workspace/x: permission denied"));
    EXPECT_TRUE(incomplete.ok);
    EXPECT_TRUE(incomplete.incomplete);
    EXPECT_EQ(restic::mapExit(1, QStringLiteral("Fatal: wrong password or no key found")).code,
        QStringLiteral("wrong_password"));
    EXPECT_EQ(restic::mapExit(
                  1, QStringLiteral("Fatal: unable to create lock in backend: repository is already locked by PID 7"))
                  .code,
        QStringLiteral("lock_conflict"));
    EXPECT_EQ(restic::mapExit(11, {}).code, QStringLiteral("lock_conflict"));
    EXPECT_EQ(restic::mapExit(1,
                  QStringLiteral("Fatal: unable to open config file: Stat: The Access Key Id you provided does not "
                                 "exist. InvalidAccessKeyId"))
                  .code,
        QStringLiteral("credentials"));
    EXPECT_EQ(restic::mapExit(1, QStringLiteral("Is there a repository at the following location?")).code,
        QStringLiteral("no_repository"));
    EXPECT_EQ(restic::mapExit(1, QStringLiteral("boom")).code, QStringLiteral("error"));
}

// What Debian 12's restic 0.14 prints for `cat config` against an S3 store (taken from s3rver).
TEST(Restic, ATargetCheckSaysWhatToFixAndANewRepositoryIsNoFault)
{
    const QString repo = QStringLiteral("s3:https://127.0.0.1:9000/gpf/pool1");
    const QString tail = QStringLiteral("\nIs there a repository at the following location?\n") + repo;
    const auto check = [&](int code, const QString &err, const QString &ca = {}) {
        return restic::targetCheck(code, err, repo, ca);
    };
    EXPECT_TRUE(check(0, {}).ok);
    const auto fresh
        = check(1, QStringLiteral("Fatal: unable to open config file: Stat: The specified key does not exist.") + tail);
    EXPECT_TRUE(fresh.ok);
    EXPECT_EQ(fresh.code, u"ok");

    const auto bucket = check(
        1, QStringLiteral("Fatal: unable to open config file: Stat: The specified bucket does not exist") + tail);
    EXPECT_EQ(bucket.code, u"no_bucket");
    EXPECT_TRUE(bucket.message.contains(repo));
    EXPECT_FALSE(bucket.ok);

    const auto keys = check(1,
        QStringLiteral("Fatal: unable to open config file: Stat: The AWS Access Key Id you provided does not exist in "
                       "our records.")
            + tail);
    EXPECT_EQ(keys.code, u"credentials");
    EXPECT_FALSE(keys.message.contains(u"Is there a repository"));

    const QString x509
        = QStringLiteral("Fatal: unable to open config file: Stat: Get \"https://127.0.0.1:9000/gpf/?location=\": "
                         "x509: certificate signed by unknown authority")
        + tail;
    const auto wrongCa = check(1, x509, QStringLiteral("/etc/store-ca.pem"));
    EXPECT_EQ(wrongCa.code, u"tls");
    EXPECT_TRUE(wrongCa.message.contains(u"/etc/store-ca.pem"));
    EXPECT_TRUE(check(1, x509).message.contains(u"CA certificate file"));

    EXPECT_EQ(check(1, QStringLiteral("Fatal: wrong password or no key found")).code, u"wrong_password");
    EXPECT_EQ(
        check(1,
            QStringLiteral("Fatal: unable to open config file: Stat: dial tcp 127.0.0.1:9: connect: connection refused")
                + tail)
            .code,
        u"unreachable");
    EXPECT_EQ(check(2, QStringLiteral("Fatal: something else")).code, u"error");
}

TEST(Restic, ParsesJsonProgressAndSummary)
{
    auto s = restic::parseJsonLine(
        R"({"message_type":"status","percent_done":0.5,"total_files":10,"files_done":5,"total_bytes":1000,"bytes_done":500})");
    ASSERT_TRUE(s && std::holds_alternative<ResticStatus>(*s));
    EXPECT_DOUBLE_EQ(std::get<ResticStatus>(*s).percentDone, 0.5);
    EXPECT_EQ(std::get<ResticStatus>(*s).bytesDone, 500);
    s = restic::parseJsonLine(
        R"({"message_type":"summary","files_new":3,"files_changed":1,"data_added":2048,"total_bytes_processed":4096,"snapshot_id":"abc123"})");
    ASSERT_TRUE(s && std::holds_alternative<ResticSummary>(*s));
    EXPECT_EQ(std::get<ResticSummary>(*s).snapshotId, QStringLiteral("abc123"));
    EXPECT_EQ(std::get<ResticSummary>(*s).dataAdded, 2048);
    EXPECT_FALSE(restic::parseJsonLine("not json"));
    EXPECT_FALSE(restic::parseJsonLine(R"({"message_type":"verbose_status"})"));
}

TEST(SnapshotTargetTest, BuildsTheRepositoryUrlsOfEachStore)
{
    SnapshotTarget b2 { SnapshotTarget::Kind::B2, QStringLiteral("my-bucket"), QStringLiteral("/pools/p1"),
        QStringLiteral("us-west-004"), {}, {}, {} };
    auto r = b2.repository();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->first, QStringLiteral("s3:https://s3.us-west-004.backblazeb2.com/my-bucket/pools/p1"));
    EXPECT_EQ(r->second, QStringLiteral("us-west-004"));

    SnapshotTarget r2 { SnapshotTarget::Kind::R2, QStringLiteral("snaps"), QStringLiteral("p1"), {},
        QStringLiteral("0123abcd"), {}, {} };
    r = r2.repository();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->first, QStringLiteral("s3:https://0123abcd.r2.cloudflarestorage.com/snaps/p1"));
    EXPECT_EQ(r->second, QStringLiteral("auto"));

    SnapshotTarget own { SnapshotTarget::Kind::S3, QStringLiteral("lab"), {}, {}, {},
        QStringLiteral("https://minio.lan:9000/"), QStringLiteral("/etc/ca.pem") };
    r = own.repository();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->first, QStringLiteral("s3:https://minio.lan:9000/lab"));
    EXPECT_EQ(r->second, QStringLiteral("us-east-1"));

    EXPECT_FALSE((SnapshotTarget { SnapshotTarget::Kind::B2, QStringLiteral("Bad_Bucket"), {}, QStringLiteral("r"), {},
        {}, {} }.repository()
                      .ok()));
    EXPECT_FALSE(
        (SnapshotTarget { SnapshotTarget::Kind::B2, QStringLiteral("bucket"), {}, {}, {}, {}, {} }.repository().ok()));
    EXPECT_FALSE(
        (SnapshotTarget { SnapshotTarget::Kind::R2, QStringLiteral("bucket"), {}, {}, {}, {}, {} }.repository().ok()));
    EXPECT_FALSE(
        (SnapshotTarget { SnapshotTarget::Kind::S3, QStringLiteral("bucket"), {}, {}, {}, QStringLiteral("ftp://x"),
            {} }.repository()
                .ok()));
}

TEST(Restic, RetentionNeverPrunesUnlessAsked)
{
    EXPECT_EQ(restic::forgetArguments(24, 48, 7, false),
        (QStringList { QStringLiteral("forget"), QStringLiteral("--json"), QStringLiteral("--keep-last"),
            QStringLiteral("24"), QStringLiteral("--keep-hourly"), QStringLiteral("48"), QStringLiteral("--keep-daily"),
            QStringLiteral("7") }));
    EXPECT_TRUE(restic::forgetArguments(1, 0, 0, true).contains(QStringLiteral("--prune")));
    EXPECT_FALSE(restic::forgetArguments(1, 0, 0, false).contains(QStringLiteral("--prune")));
}
