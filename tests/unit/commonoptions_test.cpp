#include "core/commonoptions.h"

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {
CommonOptions parse(const QStringList &args, QString *error)
{
    QCommandLineParser parser;
    CommonOptions::addTo(parser);
    EXPECT_TRUE(parser.parse(QStringList { QStringLiteral("prog") } + args)) << parser.errorText().toStdString();
    return CommonOptions::from(parser, error);
}
} // namespace

TEST(CommonOptions, ReadsDirsUrlsAndPort)
{
    QString error;
    const auto o = parse({ QStringLiteral("--config-dir"), QStringLiteral("/tmp/c"), QStringLiteral("--data-dir"),
                             QStringLiteral("/tmp/d"), QStringLiteral("--vast-url"),
                             QStringLiteral("http://127.0.0.1:9/"), QStringLiteral("--api-port"), QStringLiteral("0") },
        &error);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(o.configDir, QStringLiteral("/tmp/c"));
    EXPECT_EQ(o.dataDir, QStringLiteral("/tmp/d"));
    EXPECT_EQ(o.vastUrl, QUrl(QStringLiteral("http://127.0.0.1:9/")));
    EXPECT_EQ(o.apiPort, 0);
}

TEST(CommonOptions, RejectsBadPortAndNonHttpUrl)
{
    QString error;
    parse({ QStringLiteral("--api-port"), QStringLiteral("70000") }, &error);
    EXPECT_TRUE(error.contains(QStringLiteral("--api-port"))) << error.toStdString();
    error.clear();
    const auto o = parse({ QStringLiteral("--vast-url"), QStringLiteral("file:///etc/passwd") }, &error);
    EXPECT_TRUE(error.contains(QStringLiteral("--vast-url"))) << error.toStdString();
    EXPECT_TRUE(o.vastUrl.isEmpty());
}

TEST(CommonOptions, DefaultsAreTheUsersDirsAndTheRealCloud)
{
    QString error;
    const auto o = parse({}, &error);
    EXPECT_TRUE(o.vastUrl.isEmpty());
    EXPECT_TRUE(o.gcpUrl.isEmpty());
    EXPECT_EQ(o.apiPort, -1);
    EXPECT_TRUE(o.configDir.endsWith(QStringLiteral("/gpufailover")));
}
