#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <QTest>

#include "core/result.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>

namespace gpufailover::test {

// Runs the event loop until pred() holds or timeoutMs passes; returns pred(). A bound for a hung
// test, not a measure of speed.
inline bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 10000)
{
    return QTest::qWaitFor(pred, timeoutMs);
}

// Calls an asynchronous API and runs the event loop until its callback answers (nullopt, and a
// test failure, if it never does within the bound).
template <typename T>
std::optional<T> awaitCallback(const std::function<void(std::function<void(T)>)> &call, int timeoutMs = 120000)
{
    std::optional<T> out;
    call([&](T value) { out.emplace(std::move(value)); });
    EXPECT_TRUE(waitUntil([&] { return out.has_value(); }, timeoutMs)) << "no answer";
    return out;
}

template <typename T>
Result<T> awaitResult(const std::function<void(std::function<void(Result<T>)>)> &call, int timeoutMs = 120000)
{
    auto out = awaitCallback<Result<T>>(call, timeoutMs);
    return out ? std::move(*out) : Result<T>(Error { QStringLiteral("test"), QStringLiteral("no answer") });
}

// The same for calls that answer only ok or an error.
inline Status awaitStatus(const std::function<void(std::function<void(Status)>)> &call, int timeoutMs = 120000)
{
    auto out = awaitCallback<Status>(call, timeoutMs);
    return out ? std::move(*out) : Status(Error { QStringLiteral("test"), QStringLiteral("no answer") });
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(content);
}

// Starts `gpufailover-lab --api-port 0` (a pool on the simulated cloud behind the engine's API) on these directories;
// returns its API port (0 if it did not come up, with its output in *log).
inline int startDemoDaemon(QProcess &daemon, const QString &configDir, const QString &dataDir, QString *log = nullptr)
{
    daemon.start(QStringLiteral(GPF_BIN_DIR "/gpufailover-lab"),
        { QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--config-dir"), configDir,
            QStringLiteral("--data-dir"), dataDir });
    int port = 0;
    QString out;
    waitUntil(
        [&] {
            out += QString::fromUtf8(daemon.readAllStandardOutput());
            const auto m = QRegularExpression(QStringLiteral("API on http://127.0.0.1:(\\d+)")).match(out);
            port = m.hasMatch() ? m.captured(1).toInt() : 0;
            return port > 0 || daemon.state() == QProcess::NotRunning;
        },
        30000);
    if (log)
        *log = out + QString::fromUtf8(daemon.readAllStandardError());
    return port;
}

} // namespace gpufailover::test
