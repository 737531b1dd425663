#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QString>
#include <QTest>

#include <functional>

namespace gpufailover::test {

// Runs the event loop until pred() holds or timeoutMs passes; returns pred(). A bound for a hung
// test, not a measure of speed.
inline bool waitUntil(const std::function<bool()> &pred, int timeoutMs = 10000)
{
    return QTest::qWaitFor(pred, timeoutMs);
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        f.write(content);
}

} // namespace gpufailover::test
