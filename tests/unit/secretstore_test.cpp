#include "core/redactor.h"
#include "core/secretstore.h"

#include "support/testutil.h"

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
SecretResult call(const std::function<void(SecretStore::Callback)> &op)
{
    return test::awaitCallback<SecretResult>([&](std::function<void(SecretResult)> done) {
        op(done);
    }).value_or(SecretResult { SecretError::Other, {}, QStringLiteral("timeout") });
}
} // namespace

TEST(InMemorySecretStore, WriteReadOverwriteRemove)
{
    Redactor redactor;
    InMemorySecretStore s(&redactor);
    const QString key = QStringLiteral("vast/api-key");
    EXPECT_EQ(call([&](auto cb) { s.read(key, nullptr, cb); }).error, SecretError::NotFound);
    EXPECT_TRUE(call([&](auto cb) { s.write(key, QStringLiteral("first-secret"), nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { s.read(key, nullptr, cb); }).value, QStringLiteral("first-secret"));
    EXPECT_TRUE(call([&](auto cb) { s.write(key, QStringLiteral("second-secret"), nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { s.read(key, nullptr, cb); }).value, QStringLiteral("second-secret"));
    // The overwritten value is no longer a secret of ours; the new one is.
    EXPECT_EQ(redactor.redact(QStringLiteral("first-secret second-secret")), QStringLiteral("first-secret [REDACTED]"));
    EXPECT_EQ(s.keys(), QStringList { key });
    EXPECT_TRUE(call([&](auto cb) { s.remove(key, nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { s.read(key, nullptr, cb); }).error, SecretError::NotFound);
    EXPECT_TRUE(s.keys().isEmpty());
}

TEST(InMemorySecretStore, RejectsBadNamesAndDropsCallbacksOfDeadContexts)
{
    InMemorySecretStore s(nullptr);
    EXPECT_EQ(call([&](auto cb) { s.write(QStringLiteral("../etc/passwd"), QStringLiteral("x"), nullptr, cb); }).error,
        SecretError::Other);
    bool called = false;
    {
        QObject context;
        s.read(QStringLiteral("a"), &context, [&](const SecretResult &) { called = true; });
    }
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    EXPECT_FALSE(called);
}
