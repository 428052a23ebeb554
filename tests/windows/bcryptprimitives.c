/*
 * TEST-ONLY shim for running taizhang-cli.exe under wine 8 (Debian 12).
 *
 * Rust's standard library (and the getrandom crate) on Windows import
 * ProcessPrng from bcryptprimitives.dll. Every Windows 10/11 has that DLL;
 * Debian's wine 8 does not, so without this shim the .exe does not even start
 * under wine. This file provides ProcessPrng on top of RtlGenRandom
 * (SystemFunction036 in advapi32), which wine has.
 *
 * It is built by tests/windows/prepare-wine-prefix.sh into the test wine
 * prefix's system32 (target/wine-test/prefix), and NEVER shipped: it is not
 * beside the .exe, not in any package, not in any installer.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
