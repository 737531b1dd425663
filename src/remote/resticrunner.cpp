#include "remote/resticrunner.h"
#include "core/numbers.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace gpufailover {

Result<QPair<QString, QString>> SnapshotTarget::repository() const
{
    static const QRegularExpression name(QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"));
    if (!name.match(bucket).hasMatch())
        return Error { QStringLiteral("invalid_target"),
            QStringLiteral("\"%1\" is not a valid bucket name").arg(bucket) };
    QString prefix = path;
    while (prefix.startsWith(u'/'))
        prefix.remove(0, 1);
    const QString tail = prefix.isEmpty() ? bucket : bucket + u'/' + prefix;
    switch (kind) {
    case Kind::B2:
        if (region.isEmpty())
            return Error { QStringLiteral("invalid_target"),
                QStringLiteral("a Backblaze B2 target needs its region (e.g. us-west-004)") };
        return QPair<QString, QString>(QStringLiteral("s3:https://s3.%1.backblazeb2.com/%2").arg(region, tail), region);
    case Kind::R2:
        if (accountId.isEmpty())
            return Error { QStringLiteral("invalid_target"),
                QStringLiteral("a Cloudflare R2 target needs the account id") };
        return QPair<QString, QString>(
            QStringLiteral("s3:https://%1.r2.cloudflarestorage.com/%2").arg(accountId, tail), QStringLiteral("auto"));
    case Kind::S3:
        if (!endpoint.startsWith(QLatin1StringView("https://")) && !endpoint.startsWith(QLatin1StringView("http://")))
            return Error { QStringLiteral("invalid_target"), QStringLiteral("an S3 target needs an http(s) endpoint") };
        return QPair<QString, QString>(
            QStringLiteral("s3:%1/%2").arg(endpoint.endsWith(u'/') ? endpoint.chopped(1) : endpoint, tail),
            region.isEmpty() ? QStringLiteral("us-east-1") : region);
    }
    return Error { QStringLiteral("invalid_target"), QStringLiteral("unknown target kind") };
}

Result<QByteArray> SnapshotTarget::caCertificate() const
{
    if (caCertFile.isEmpty())
        return QByteArray();
    QFile file(caCertFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error { QStringLiteral("invalid_target"),
            QStringLiteral("the store's CA certificate %1 cannot be read: %2").arg(caCertFile, file.errorString()) };
    // A CA bundle is a few KiB; anything much larger is not one.
    const QByteArray pem = file.read(256 * 1024);
    if (!pem.contains("-----BEGIN CERTIFICATE-----"))
        return Error { QStringLiteral("invalid_target"),
            QStringLiteral("%1 is not a PEM certificate (no BEGIN CERTIFICATE line)").arg(caCertFile) };
    return pem;
}

} // namespace gpufailover

namespace gpufailover::restic {

QStringList forgetArguments(int keepLast, int keepHourly, int keepDaily, bool prune)
{
    QStringList a { QStringLiteral("forget"), QStringLiteral("--json") };
    if (keepLast > 0)
        a << QStringLiteral("--keep-last") << QString::number(keepLast);
    if (keepHourly > 0)
        a << QStringLiteral("--keep-hourly") << QString::number(keepHourly);
    if (keepDaily > 0)
        a << QStringLiteral("--keep-daily") << QString::number(keepDaily);
    if (prune)
        a << QStringLiteral("--prune");
    return a;
}

QList<QPair<QString, QString>> environment(const ResticRepo &repo)
{
    QList<QPair<QString, QString>> env { { QStringLiteral("RESTIC_REPOSITORY"), repo.repository },
        { QStringLiteral("RESTIC_PASSWORD"), repo.password } };
    if (!repo.accessKeyId.isEmpty())
        env.append({ QStringLiteral("AWS_ACCESS_KEY_ID"), repo.accessKeyId });
    if (!repo.secretAccessKey.isEmpty())
        env.append({ QStringLiteral("AWS_SECRET_ACCESS_KEY"), repo.secretAccessKey });
    if (!repo.region.isEmpty())
        env.append({ QStringLiteral("AWS_DEFAULT_REGION"), repo.region });
    return env;
}

Result<SecretEnvCommand> command(const ResticRepo &repo, const QStringList &args)
{
    QStringList argv { QStringLiteral("restic") };
    argv << args;
    QList<QPair<QString, QString>> env = environment(repo);
    // A restic we uploaded (ensureInstalled) is found after the host's own.
    const QString run = QStringLiteral("PATH=\"$PATH:$HOME/%1\" %2").arg(kUploadedDir, shellJoin(argv));
    if (repo.caCert.isEmpty())
        return withSecretEnv(env, run);
    // The CA travels with the secrets (stdin, one line of base64) into a file only this run
    // reads, removed whatever restic's exit; restic's own exit code is the command's.
    env.append({ QStringLiteral("GPF_RESTIC_CA"), QString::fromLatin1(repo.caCert.toBase64()) });
    return withSecretEnv(env,
        QStringLiteral("gpf_ca=$(mktemp) && printf %s \"$GPF_RESTIC_CA\" | base64 -d >\"$gpf_ca\" && "
                       "{ %1 --cacert \"$gpf_ca\"; gpf_rc=$?; rm -f \"$gpf_ca\"; (exit $gpf_rc); }")
            .arg(run));
}

QStringList backupArguments(
    const QStringList &paths, const QStringList &tags, const QString &hostName, const QStringList &excludes)
{
    QStringList a { QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--host"), hostName };
    for (const QString &t : tags)
        a << QStringLiteral("--tag") << t;
    for (const QString &e : excludes)
        a << QStringLiteral("--exclude") << e;
    a << paths;
    return a;
}

namespace {
// How S3 stores (B2, R2, MinIO, s3rver) say that they refuse the access keys.
bool refusesKeys(const QString &err)
{
    for (const char *said : { "InvalidAccessKeyId", "Access Key Id you provided does not exist",
             "SignatureDoesNotMatch", "Access Denied", "AccessDenied", "InvalidToken" }) {
        if (err.contains(QLatin1StringView(said), Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

ResticOutcome mapExit(int code, const QString &err)
{
    const QString detail = err.trimmed().left(300);
    if (code == 0)
        return { true, false, QStringLiteral("ok"), {} };
    if (code == 3)
        return { true, true, QStringLiteral("incomplete"),
            QStringLiteral("the snapshot is incomplete: some source files could not be read: %1").arg(detail) };
    // restic 0.17+ has dedicated codes; Debian 12's 0.14 says it in text only.
    if (code == 12 || err.contains(QLatin1StringView("wrong password")))
        return { false, false, QStringLiteral("wrong_password"), QStringLiteral("the repository password is wrong") };
    if (code == 11 || err.contains(QLatin1StringView("unable to create lock"))
        || err.contains(QLatin1StringView("already locked")))
        return { false, false, QStringLiteral("lock_conflict"),
            QStringLiteral("the repository is locked by another restic process (not removed automatically): %1")
                .arg(detail) };
    if (code == 10 || err.contains(QLatin1StringView("Is there a repository at the following location")))
        return { false, false, QStringLiteral("no_repository"),
            QStringLiteral("no restic repository at that location") };
    if (refusesKeys(err))
        return { false, false, QStringLiteral("credentials"),
            QStringLiteral("the object store refused the credentials") };
    if (code == 127)
        return { false, false, QStringLiteral("missing"), QStringLiteral("restic is not installed on the host") };
    return { false, false, QStringLiteral("error"), QStringLiteral("restic exited with %1: %2").arg(code).arg(detail) };
}

ResticOutcome targetCheck(int code, const QString &err, const QString &repository, const QString &caCertFile)
{
    const auto has = [&err](const char *text) { return err.contains(QLatin1StringView(text), Qt::CaseInsensitive); };
    // restic's own line after any failure to open: not a diagnosis.
    const QString detail = err.section(QStringLiteral("Is there a repository"), 0, 0).trimmed().left(300);
    if (code == 0)
        return { true, false, QStringLiteral("ok"), QStringLiteral("a repository is there and its password opens it") };
    if (has("x509:") || has("certificate"))
        return { false, false, QStringLiteral("tls"),
            caCertFile.isEmpty()
                ? QStringLiteral("the object store's certificate is not trusted; give its CA certificate file (%1)")
                      .arg(detail)
                : QStringLiteral("the object store's certificate is not signed by the CA in %1 (%2)")
                      .arg(caCertFile, detail) };
    if (has("bucket does not exist") || has("NoSuchBucket"))
        return { false, false, QStringLiteral("no_bucket"),
            QStringLiteral("the bucket of %1 does not exist: create it in the store's console first (the engine "
                           "never creates buckets)")
                .arg(repository) };
    if (refusesKeys(err))
        return { false, false, QStringLiteral("credentials"),
            QStringLiteral("the object store refused the access keys: %1").arg(detail) };
    if (code == 12 || has("wrong password"))
        return { false, false, QStringLiteral("wrong_password"),
            QStringLiteral("a restic repository is already at %1 and the saved repository password does not open "
                           "it: use another bucket or path, or save that repository's password")
                .arg(repository) };
    if (has("connection refused") || has("no such host") || has("i/o timeout") || has("network is unreachable")
        || has("deadline exceeded"))
        return { false, false, QStringLiteral("unreachable"),
            QStringLiteral("the object store cannot be reached: %1").arg(detail) };
    if (code == 10 || has("specified key does not exist") || has("Is there a repository at the following location"))
        return { true, false, QStringLiteral("ok"), QStringLiteral("no repository yet: the first snapshot makes it") };
    return { false, false, QStringLiteral("error"), QStringLiteral("restic exited with %1: %2").arg(code).arg(detail) };
}

std::optional<std::variant<ResticStatus, ResticSummary>> parseJsonLine(const QByteArray &line)
{
    const QJsonObject o = QJsonDocument::fromJson(line.trimmed()).object();
    const QString type = o.value(QStringLiteral("message_type")).toString();
    if (type == u"status") {
        ResticStatus s;
        s.percentDone = o.value(QStringLiteral("percent_done")).toDouble();
        s.bytesDone = saturatingCast<qint64>(o.value(QStringLiteral("bytes_done")).toDouble());
        s.totalBytes = saturatingCast<qint64>(o.value(QStringLiteral("total_bytes")).toDouble());
        s.filesDone = saturatingCast<qint64>(o.value(QStringLiteral("files_done")).toDouble());
        return s;
    }
    if (type == u"summary") {
        ResticSummary s;
        s.snapshotId = o.value(QStringLiteral("snapshot_id")).toString();
        s.dataAdded = saturatingCast<qint64>(o.value(QStringLiteral("data_added")).toDouble());
        s.filesNew = saturatingCast<qint64>(o.value(QStringLiteral("files_new")).toDouble());
        s.filesChanged = saturatingCast<qint64>(o.value(QStringLiteral("files_changed")).toDouble());
        s.totalBytesProcessed = saturatingCast<qint64>(o.value(QStringLiteral("total_bytes_processed")).toDouble());
        return s;
    }
    return std::nullopt;
}

} // namespace gpufailover::restic
