// SPDX-License-Identifier: Apache-2.0
// Source of the warning-probe target, which exists only so CMake can report the strict-warning
// flags for the scripted compiles; it is never built.
int tracewire_warning_probe() { return 0; }
