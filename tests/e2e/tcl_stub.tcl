# Runs a generated build_prj.tcl under plain tclsh, the vendor commands replaced by stubs that
# record each call, so tests can check the command sequence of every option set without Vitis.
#   tclsh tcl_stub.tcl PROJECT_DIR vitis|vivado [build_prj.tcl arguments...]
# Prints one recorded call per line, then exits with build_prj.tcl's exit status. In "vitis" mode
# config_array_partition -maximum_size fails, as it does in Vitis HLS (which has no such option);
# in "vivado" mode config_dataflow -override_user_fifo_depth fails (a Vitis HLS option).
set project_dir [lindex $argv 0]
set ::tool [lindex $argv 1]
set ::argv [lrange $argv 2 end]
set ::argc [llength $::argv]
set ::calls {}
foreach cmd {open_project set_top add_files open_solution set_part create_clock
             set_clock_uncertainty config_compile csim_design csynth_design
             cosim_design export_design} {
  proc $cmd args [format {lappend ::calls [list %s {*}$args]} $cmd]
}
proc config_dataflow args {
  if {$::tool eq "vivado" && "-override_user_fifo_depth" in $args} {
    error "config_dataflow: unknown option '-override_user_fifo_depth'"
  }
  lappend ::calls [list config_dataflow {*}$args]
}
proc config_array_partition args {
  if {$::tool eq "vitis"} { error "config_array_partition: unknown option '-maximum_size'" }
  lappend ::calls [list config_array_partition {*}$args]
}
rename exit tcl_exit
proc exit {{code 0}} {
  foreach c $::calls { puts $c }
  tcl_exit $code
}
cd $project_dir
source build_prj.tcl
# build_prj.tcl must end with exit; reaching here is an error of the script.
puts stderr "tcl_stub: build_prj.tcl did not exit"
tcl_exit 3
