// One include for Catch2 2.13 (Debian 12: catch2/catch.hpp) and Catch2 v3.
#pragma once
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
