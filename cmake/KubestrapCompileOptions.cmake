# Every Kubestrap target links kubestrap_compile_options instead of touching global flags, so the
# language level, warnings and sanitizers are set in exactly one place.
option(KUBESTRAP_WERROR "Treat compiler warnings as errors" OFF)
option(KUBESTRAP_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(KUBESTRAP_FUZZ "Build the libFuzzer targets (clang only)" OFF)

find_program(KUBESTRAP_CCACHE ccache)
if(KUBESTRAP_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${KUBESTRAP_CCACHE}")
endif()

add_library(kubestrap_compile_options INTERFACE)
# C++23 for std::expected (GCC 12's libstdc++ has it); Qt 6.4 is fine with it.
target_compile_features(kubestrap_compile_options INTERFACE cxx_std_23)
target_compile_options(kubestrap_compile_options INTERFACE
    -Wall -Wextra -Wpedantic
    $<$<BOOL:${KUBESTRAP_WERROR}>:-Werror>)
target_compile_definitions(kubestrap_compile_options INTERFACE
    # Strings from C literals must be explicit, so every user-visible one passes through tr().
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
if(KUBESTRAP_SANITIZE)
    target_compile_options(kubestrap_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(kubestrap_compile_options INTERFACE -fsanitize=address,undefined)
endif()
