#include "core/logging.h"
#include "core/logsystem.h"
#include "core/redactor.h"
#include "core/secretstore.h"

#include "support/testutil.h"

#include <QDir>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;
using gpufailover::test::readAll;

TEST(Redactor, MasksRegisteredSecretsLongestFirst)
{
    Redactor r;
    r.addSecret(QStringLiteral("abcdef123456"));
    r.addSecret(QStringLiteral("abcdef123456-and-more"));
    EXPECT_EQ(r.redact(QStringLiteral("k=abcdef123456-and-more; k2=abcdef123456.")),
        QStringLiteral("k=[REDACTED]; k2=[REDACTED]."));
}

TEST(Redactor, MasksCredentialShapesEvenWhenUnknown)
{
    Redactor r;
    EXPECT_EQ(r.redact(QStringLiteral("Authorization: Bearer eyJhbGciOi.JIUz-I1_NiJ9")),
        QStringLiteral("Authorization: Bearer [REDACTED]"));
    EXPECT_EQ(r.redact(QStringLiteral("GET /api/v0/instances/?api_key=deadbeefcafe&owner=me")),
        QStringLiteral("GET /api/v0/instances/?api_key=[REDACTED]&owner=me"));
    EXPECT_EQ(r.redact(QStringLiteral(
                  "key: -----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY----- end")),
        QStringLiteral("key: [REDACTED] end"));
    EXPECT_EQ(r.redact(QStringLiteral("nothing secret here")), QStringLiteral("nothing secret here"));
}

TEST(Redactor, IgnoresTooShortSecretsAndForgetsRemovedOnes)
{
    Redactor r;
    r.addSecret(QStringLiteral("on"));
    EXPECT_EQ(r.secretCount(), 0);
    r.addSecret(QStringLiteral("s3cr3t-value"));
    r.removeSecret(QStringLiteral("s3cr3t-value"));
    EXPECT_EQ(r.redact(QStringLiteral("s3cr3t-value")), QStringLiteral("s3cr3t-value"));
}

TEST(LogSystem, SecretsFromTheSecretStoreNeverReachTheLogFile)
{
    QTemporaryDir dir;
    Redactor redactor;
    InMemorySecretStore store(&redactor);
    const QString apiKey = QStringLiteral("vast-9f8e7d6c5b4a3f2e1d0c");
    bool written = false;
    store.write(QStringLiteral("vast/api-key"), apiKey, nullptr, [&](const SecretResult &r) { written = r.ok(); });
    ASSERT_TRUE(test::waitUntil([&] { return written; }));

    LogSystem::Options o;
    o.directory = dir.path();
    o.toStderr = false;
    {
        LogSystem logs(o, &redactor);
        logs.install();
        qCWarning(lcCore) << "calling vast with key" << apiKey << "and header"
                          << QStringLiteral("Bearer %1").arg(apiKey);
        qCInfo(lcHealth) << "probe ok";
    }
    const QByteArray content = readAll(QDir(dir.path()).filePath(QStringLiteral("gpufailover.log")));
    EXPECT_FALSE(content.contains(apiKey.toUtf8())) << content.toStdString();
    EXPECT_TRUE(content.contains("[REDACTED]"));
    EXPECT_TRUE(content.contains("warning gpufailover.core: calling vast with key"));
    EXPECT_TRUE(content.contains("info gpufailover.core.health: probe ok"));
}

TEST(LogSystem, RotatesBySizeAndKeepsABoundedNumberOfFiles)
{
    QTemporaryDir dir;
    LogSystem::Options o;
    o.directory = dir.path();
    o.toStderr = false;
    o.maxFileBytes = 1024;
    o.keepFiles = 2;
    {
        LogSystem logs(o, nullptr);
        logs.install();
        for (int i = 0; i < 200; ++i)
            qCInfo(lcCore) << "line" << i << QString(40, QLatin1Char('x'));
    }
    const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    EXPECT_EQ(files,
        (QStringList { QStringLiteral("gpufailover.log"), QStringLiteral("gpufailover.log.1"),
            QStringLiteral("gpufailover.log.2") }));
    for (const QString &f : files)
        EXPECT_LE(QFileInfo(dir.filePath(f)).size(), 1024 + 200);
    EXPECT_TRUE(readAll(dir.filePath(QStringLiteral("gpufailover.log.1"))).contains("line"));
}
