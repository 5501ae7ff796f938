/* Test-only stand-in for Windows' bcryptprimitives.dll, for Wine 8, which
 * lacks it. Rust's standard library (1.78 and later) gets its random seed
 * (HashMap keys) from ProcessPrng in that DLL; real Windows 10/11 has it.
 * tests/cross/setup.sh builds this next to the .exe under test only; it is
 * never shipped. RtlGenRandom (advapi32's SystemFunction036) does the work. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
