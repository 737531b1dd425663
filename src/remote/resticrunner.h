#pragma once

#include "core/result.h"
#include "remote/remotescript.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace gpufailover {

// A restic repository on B2, R2 or any S3-compatible store. Credentials and the repository
// password reach restic only through the environment of the remote command (read from stdin).
struct ResticRepo
{
    QString repository; // "s3:https://s3.us-west-004.backblazeb2.com/bucket/path"
    QString password;
    QString accessKeyId;
    QString secretAccessKey;
    QString region; // "auto" for R2
    // PEM of a self-hosted store's CA: sent with each run and written to a temporary file on the
    // host, so a host the engine has just rented trusts the store without any set-up.
    QByteArray caCert;
};

// Where snapshots go (issue: Backblaze B2, Cloudflare R2, or any S3-compatible store).
struct SnapshotTarget
{
    enum class Kind { B2, R2, S3 };
    Kind kind = Kind::B2;
    QString bucket;
    QString path; // prefix inside the bucket, e.g. the pool id
    QString region; // B2: "us-west-004"; R2: ignored ("auto"); S3: as the store wants
    QString accountId; // R2 only
    QString endpoint; // S3 only: "https://minio.lan:9000"
    QString caCertFile; // on this computer: the PEM of a self-hosted store's CA

    // The CA's PEM (empty when none is set), or why it cannot be used.
    Result<QByteArray> caCertificate() const;

    // The restic repository URL and the region restic should sign for, or why not.
    Result<QPair<QString, QString>> repository() const;
};

struct ResticOutcome
{
    bool ok = false;
    bool incomplete = false; // exit 3: a snapshot was written, but some files could not be read
    QString code; // ok, incomplete, wrong_password, lock_conflict, no_repository, credentials, error, missing
    QString message;
};

struct ResticStatus
{
    double percentDone = 0;
    qint64 bytesDone = 0, totalBytes = 0, filesDone = 0;
};
struct ResticSummary
{
    QString snapshotId;
    qint64 dataAdded = 0; // bytes uploaded
    qint64 filesNew = 0, filesChanged = 0;
    qint64 totalBytesProcessed = 0;
};

namespace restic {
// Where a restic binary is uploaded on a host that has none, relative to the login's home.
inline constexpr QLatin1StringView kUploadedDir { ".gpufailover/bin" };
// The environment restic reads the repository, its password and the store's keys from (the
// region only when set), for a remote command or a local process alike.
QList<QPair<QString, QString>> environment(const ResticRepo &repo);
// Any restic invocation as a remote command with its secrets on stdin.
Result<SecretEnvCommand> command(const ResticRepo &repo, const QStringList &args);
QStringList backupArguments(
    const QStringList &paths, const QStringList &tags, const QString &hostName, const QStringList &excludes = {});
// Retention: which snapshots to keep; pruning (rewriting packs) only when asked, on the user's schedule.
QStringList forgetArguments(int keepLast, int keepHourly, int keepDaily, bool prune);
ResticOutcome mapExit(int exitCode, const QString &stderrText);
// What `restic cat config` said about a snapshot target before anything is stored there: ok
// (a repository the password opens, or none yet: the first snapshot makes it), or no_bucket,
// credentials, tls, wrong_password, unreachable, error. Every failure names what to fix.
ResticOutcome targetCheck(
    int exitCode, const QString &stderrText, const QString &repository, const QString &caCertFile);
// One line of `restic backup --json` output.
std::optional<std::variant<ResticStatus, ResticSummary>> parseJsonLine(const QByteArray &line);
} // namespace restic

} // namespace gpufailover
