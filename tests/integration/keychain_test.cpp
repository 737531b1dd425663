// QtKeychain against a real Secret Service (gnome-keyring in a private D-Bus session, started by
// support/with-keyring.sh), and against no Secret Service at all.
#include "core/keychainsecretstore.h"
#include "core/redactor.h"

#include "support/testutil.h"

#include <QDirIterator>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
SecretResult call(const std::function<void(SecretStore::Callback)> &op)
{
    std::optional<SecretResult> out;
    op([&](const SecretResult &r) { out = r; });
    EXPECT_TRUE(test::waitUntil([&] { return out.has_value(); }, 30000));
    return out.value_or(SecretResult { SecretError::Other, {}, QStringLiteral("timeout") });
}
const QString kService = QStringLiteral("io.github.gpufailover.test");
} // namespace

TEST(RealKeychain, StoreReadOverwriteDelete)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    Redactor redactor;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), &redactor);
    const QString key = QStringLiteral("vast/api-key");

    const auto w1 = call([&](auto cb) { store.write(key, QStringLiteral("first-key-0123456789"), nullptr, cb); });
    ASSERT_TRUE(w1.ok()) << w1.message.toStdString();
    const auto r1 = call([&](auto cb) { store.read(key, nullptr, cb); });
    ASSERT_TRUE(r1.ok()) << r1.message.toStdString();
    EXPECT_EQ(r1.value, QStringLiteral("first-key-0123456789"));

    ASSERT_TRUE(call([&](auto cb) { store.write(key, QStringLiteral("second-key-9876543210"), nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(key, nullptr, cb); }).value, QStringLiteral("second-key-9876543210"));
    EXPECT_EQ(store.keys(), QStringList { key });
    // The index holds names only.
    EXPECT_FALSE(test::readAll(dir.filePath(QStringLiteral("secrets.index"))).contains("second-key"));
    EXPECT_EQ(redactor.redact(QStringLiteral("second-key-9876543210")), QStringLiteral("[REDACTED]"));

    ASSERT_TRUE(call([&](auto cb) { store.remove(key, nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(key, nullptr, cb); }).error, SecretError::NotFound);
    EXPECT_TRUE(store.keys().isEmpty());
}

TEST(RealKeychain, KeysOfDifferentNamesAreIndependent)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), nullptr);
    ASSERT_TRUE(call([&](auto cb) {
        store.write(QStringLiteral("gcp/service-account"), QStringLiteral("{\"k\":1}"), nullptr, cb);
    }).ok());
    ASSERT_TRUE(call([&](auto cb) {
        store.write(QStringLiteral("api/token"), QStringLiteral("tok-abcdef"), nullptr, cb);
    }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(QStringLiteral("gcp/service-account"), nullptr, cb); }).value,
        QStringLiteral("{\"k\":1}"));
    EXPECT_EQ(store.keys(), (QStringList { QStringLiteral("api/token"), QStringLiteral("gcp/service-account") }));
}

TEST(NoKeychain, FailsLoudlyAndWritesNothingInPlainText)
{
    ASSERT_EQ(qgetenv("GPF_TEST_NO_KEYRING"), "1") << "run through ctest (keychain.no_backend)";
    QTemporaryDir dir;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), nullptr);
    const auto w = call(
        [&](auto cb) { store.write(QStringLiteral("vast/api-key"), QStringLiteral("plain-text-never"), nullptr, cb); });
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error, SecretError::NoBackend) << w.message.toStdString();
    EXPECT_TRUE(w.message.contains(QStringLiteral("No keychain is available"))) << w.message.toStdString();
    const auto r = call([&](auto cb) { store.read(QStringLiteral("vast/api-key"), nullptr, cb); });
    EXPECT_EQ(r.error, SecretError::NoBackend) << r.message.toStdString();
    // Nothing landed anywhere under our directories, and no index entry claims it was stored.
    EXPECT_TRUE(store.keys().isEmpty());
    QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        EXPECT_FALSE(test::readAll(it.next()).contains("plain-text-never"));
}
