# ovn.m4: configure checks of the OVN build.

dnl OVN_CHECK_PYTHON3
dnl
dnl Finds a Python 3 interpreter; ovsdb-idlc and the tests need one.
AC_DEFUN([OVN_CHECK_PYTHON3],
  [AC_ARG_VAR([PYTHON3], [path to a Python 3 interpreter])
   AC_PATH_PROGS([PYTHON3], [python3], [no])
   AS_IF([test "$PYTHON3" = no],
         [AC_MSG_ERROR([Python 3 is required to build OVN])])])

dnl OVN_CHECK_OVS
dnl
dnl Locates the Open vSwitch source tree (--with-ovs-source, default "ovs"
dnl under the top source directory) and its build tree (--with-ovs-build,
dnl default the source tree), checks that the libraries OVN links with were
dnl built there, and makes the feature macros that Open vSwitch's headers
dnl were compiled with visible to OVN's code (ovs-build-config.h), so that
dnl both sides agree on the layout of shared structures.
AC_DEFUN([OVN_CHECK_OVS],
  [AC_ARG_WITH([ovs-source],
     [AS_HELP_STRING([--with-ovs-source=DIR],
                     [Open vSwitch source directory (default: ./ovs)])],
     [OVS_SRCDIR=$withval],
     [OVS_SRCDIR=`cd "$srcdir" && pwd`/ovs])
   AC_ARG_WITH([ovs-build],
     [AS_HELP_STRING([--with-ovs-build=DIR],
                     [Open vSwitch build directory (default: the source)])],
     [OVS_BUILDDIR=$withval],
     [OVS_BUILDDIR=$OVS_SRCDIR])
   OVS_SRCDIR=`cd "$OVS_SRCDIR" 2>/dev/null && pwd`
   OVS_BUILDDIR=`cd "$OVS_BUILDDIR" 2>/dev/null && pwd`
   AC_MSG_CHECKING([for the Open vSwitch source tree])
   AS_IF([test -f "$OVS_SRCDIR/lib/ovsdb-idl.h"],
         [AC_MSG_RESULT([$OVS_SRCDIR])],
         [AC_MSG_RESULT([no])
          AC_MSG_ERROR([no Open vSwitch source found; run build-aux/setup-deps or pass --with-ovs-source])])
   AC_MSG_CHECKING([for Open vSwitch's built libraries])
   AS_IF([test -f "$OVS_BUILDDIR/lib/libopenvswitch.la" &&
          test -f "$OVS_BUILDDIR/ovsdb/libovsdb.la" &&
          test -f "$OVS_BUILDDIR/vtep/libvtep.la" &&
          test -f "$OVS_BUILDDIR/ovsdb/ovsdb-idlc"],
         [AC_MSG_RESULT([$OVS_BUILDDIR])],
         [AC_MSG_RESULT([no])
          AC_MSG_ERROR([Open vSwitch is not built in $OVS_BUILDDIR; run build-aux/setup-deps])])
   OVS_VERSION=`sed -n 's/^#define PACKAGE_VERSION "\(.*\)"/\1/p' "$OVS_BUILDDIR/config.h"`
   AC_MSG_NOTICE([building against Open vSwitch $OVS_VERSION])
   AC_SUBST([OVS_SRCDIR])
   AC_SUBST([OVS_BUILDDIR])
   AC_SUBST([OVS_VERSION])
   OVS_CFLAGS="-I$OVS_SRCDIR/include -I$OVS_BUILDDIR/include"
   OVS_CFLAGS="$OVS_CFLAGS -I$OVS_SRCDIR/lib -I$OVS_BUILDDIR/lib"
   OVS_CFLAGS="$OVS_CFLAGS -I$OVS_SRCDIR -I$OVS_BUILDDIR"
   AC_SUBST([OVS_CFLAGS])
   AC_SUBST([OVS_LIBDIR], ["$OVS_BUILDDIR/lib"])
   AC_SUBST([OVSDB_LIBDIR], ["$OVS_BUILDDIR/ovsdb"])
   AC_SUBST([VTEP_LIBDIR], ["$OVS_BUILDDIR/vtep"])
   dnl Every feature macro of Open vSwitch's own configuration except its
   dnl package identity, which is OVN's here.
   AC_CONFIG_COMMANDS([ovs-build-config.h],
     [sed -n '/^#define \(PACKAGE\|VERSION\|LT_OBJDIR\|STDC_HEADERS\)/d
              /^#define /p' "$ovs_builddir/config.h" > ovs-build-config.h.new
      if cmp -s ovs-build-config.h.new ovs-build-config.h; then
          rm ovs-build-config.h.new
      else
          mv ovs-build-config.h.new ovs-build-config.h
      fi],
     [ovs_builddir=$OVS_BUILDDIR])
   AH_BOTTOM([/* The feature macros that Open vSwitch was built with. */
#include "ovs-build-config.h"])])

dnl OVN_CHECK_LIBRARIES
dnl
dnl The system libraries that OVN's programs use directly.
AC_DEFUN([OVN_CHECK_LIBRARIES],
  [AC_SEARCH_LIBS([pow], [m])
   AC_SEARCH_LIBS([clock_gettime], [rt])
   AC_SEARCH_LIBS([pthread_create], [pthread])
   AC_CHECK_LIB([ssl], [SSL_new], [SSL_LIBS="-lssl -lcrypto"],
                [AC_MSG_ERROR([OpenSSL (libssl-dev) is required])], [-lcrypto])
   AC_SUBST([SSL_LIBS])
   AC_CHECK_LIB([cap-ng], [capng_clear], [CAPNG_LDADD=-lcap-ng],
                [AC_MSG_ERROR([libcap-ng (libcap-ng-dev) is required])])
   AC_SUBST([CAPNG_LDADD])
   AC_CHECK_LIB([unbound], [ub_ctx_create], [UNBOUND_LIBS=-lunbound],
                [AC_MSG_ERROR([libunbound (libunbound-dev) is required])])
   AC_SUBST([UNBOUND_LIBS])
   NL_CFLAGS=
   for d in /usr/include/libnl3 /usr/local/include/libnl3; do
       test -f "$d/netlink/netlink.h" && NL_CFLAGS="-I$d" && break
   done
   save_CPPFLAGS=$CPPFLAGS
   CPPFLAGS="$CPPFLAGS $NL_CFLAGS"
   AC_CHECK_HEADER([netlink/route/route.h], [],
                   [AC_MSG_ERROR([libnl-route-3 (libnl-route-3-dev) is required])])
   CPPFLAGS=$save_CPPFLAGS
   AC_CHECK_LIB([nl-route-3], [rtnl_route_alloc],
                [NL_LIBS="-lnl-route-3 -lnl-3"],
                [AC_MSG_ERROR([libnl-route-3 is required])], [-lnl-3])
   AC_SUBST([NL_CFLAGS])
   AC_SUBST([NL_LIBS])])

dnl OVN_CHECK_CC_OPTION(OPTION, [ACTION-IF-ACCEPTED], [ACTION-IF-REJECTED])
dnl
dnl Checks whether the C compiler accepts OPTION without a warning.
AC_DEFUN([OVN_CHECK_CC_OPTION],
  [AS_VAR_PUSHDEF([ovn_var], [ovn_cv_cc_option_$1])
   AC_CACHE_CHECK([whether $CC accepts $1], [ovn_var],
     [save_CFLAGS=$CFLAGS
      dnl GCC accepts any -Wno-foo silently, so test the positive form.
      ovn_opt=`echo "$1" | sed 's/^-Wno-/-W/'`
      CFLAGS="$CFLAGS -Wformat $ovn_opt -Werror"
      AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [return 0;])],
                        [AS_VAR_SET([ovn_var], [yes])],
                        [AS_VAR_SET([ovn_var], [no])])
      CFLAGS=$save_CFLAGS])
   AS_VAR_IF([ovn_var], [yes], [$2], [$3])
   AS_VAR_POPDEF([ovn_var])])

dnl OVN_CHECK_WARNINGS
dnl
dnl The warning options Open vSwitch builds with, where the compiler has
dnl them.
AC_DEFUN([OVN_CHECK_WARNINGS],
  [WARNING_FLAGS=
   m4_foreach_w([opt],
     [-Wall -Wextra -Wno-sign-compare -Wpointer-arith -Wformat
      -Wformat-security -Wswitch-enum -Wunused-parameter
      -Wbad-function-cast -Wcast-align -Wstrict-prototypes
      -Wold-style-definition -Wmissing-prototypes
      -Wmissing-field-initializers -fno-strict-aliasing -Wswitch-bool
      -Wlogical-not-parentheses -Wsizeof-array-argument -Wbool-compare
      -Wshift-negative-value -Wduplicated-cond -Wshadow
      -Wmultistatement-macros -Wcast-align=strict],
     [OVN_CHECK_CC_OPTION(opt, [WARNING_FLAGS="$WARNING_FLAGS opt"])])
   AC_SUBST([WARNING_FLAGS])])

dnl OVN_ENABLE_WERROR
dnl
dnl --enable-Werror turns warnings into errors.
AC_DEFUN([OVN_ENABLE_WERROR],
  [AC_ARG_ENABLE([Werror],
     [AS_HELP_STRING([--enable-Werror], [treat warnings as errors])],
     [], [enable_Werror=no])
   AS_IF([test "$enable_Werror" = yes], [WERROR=-Werror], [WERROR=])
   AC_SUBST([WERROR])])

dnl OVN_ENABLE_SANITIZERS
dnl
dnl --enable-asan and --enable-ubsan build with the sanitizers.
AC_DEFUN([OVN_ENABLE_SANITIZERS],
  [AC_ARG_ENABLE([asan],
     [AS_HELP_STRING([--enable-asan], [build with AddressSanitizer])],
     [], [enable_asan=no])
   AC_ARG_ENABLE([ubsan],
     [AS_HELP_STRING([--enable-ubsan],
                     [build with UndefinedBehaviorSanitizer])],
     [], [enable_ubsan=no])
   SANITIZER_FLAGS=
   AS_IF([test "$enable_asan" = yes],
         [SANITIZER_FLAGS="$SANITIZER_FLAGS -fsanitize=address -fno-omit-frame-pointer"])
   AS_IF([test "$enable_ubsan" = yes],
         [SANITIZER_FLAGS="$SANITIZER_FLAGS -fsanitize=undefined"])
   AC_SUBST([SANITIZER_FLAGS])])
