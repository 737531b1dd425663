#pragma once

#include <QtGlobal>

#include <cmath>
#include <limits>

namespace gpufailover {

// A JSON number into an integer field. Converting a double outside the integer's range (or NaN)
// is undefined behaviour in C++, and JSON from a provider or a tool can hold anything (the
// fuzzer sent 1e34 as a port count): out of range saturates, NaN is 0.
template <typename Int> Int saturatingCast(double v)
{
    if (std::isnan(v))
        return 0;
    // The largest double below the integer's maximum: comparing against the maximum itself
    // would round it up to a value that does not fit.
    constexpr double hi = double(std::numeric_limits<Int>::max() / 2) * 2.0;
    constexpr double lo = double(std::numeric_limits<Int>::min());
    if (v >= hi)
        return std::numeric_limits<Int>::max();
    if (v <= lo)
        return std::numeric_limits<Int>::min();
    return Int(v);
}

} // namespace gpufailover
